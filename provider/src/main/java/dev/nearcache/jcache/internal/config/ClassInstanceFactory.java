package dev.nearcache.jcache.internal.config;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/**
 * A serializable factory that instantiates a named class through its no-arg constructor with a
 * given class loader. When the class is itself a {@link Factory}, the instance's {@code create()}
 * supplies the object. After deserialization the thread's context class loader is used.
 */
final class ClassInstanceFactory<T> implements Factory<T>, Serializable {
  private static final long serialVersionUID = 1L;

  private final String className;
  private final Class<T> expected;
  private final transient ClassLoader classLoader;

  ClassInstanceFactory(String className, Class<T> expected, ClassLoader classLoader) {
    this.className = Objects.requireNonNull(className, "className");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.classLoader = classLoader;
  }

  String className() {
    return className;
  }

  @Override
  public T create() {
    Object instance;
    try {
      instance = instantiate(ClassLookup.load(className, classLoader));
      if (!expected.isInstance(instance) && instance instanceof Factory<?> factory) {
        instance = factory.create();
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new CacheException(
          "cannot create " + expected.getName() + " from class " + className + ": " + e, e);
    }
    if (!expected.isInstance(instance)) {
      throw new CacheException(
          "class "
              + className
              + " did not supply a "
              + expected.getName()
              + " but "
              + (instance == null ? "null" : instance.getClass().getName()));
    }
    return expected.cast(instance);
  }

  /**
   * Whether the class can be used: a concrete class of the expected type, or a Factory, with a
   * no-arg constructor.
   */
  static String problem(Class<?> type, Class<?> expected) {
    if (!expected.isAssignableFrom(type) && !Factory.class.isAssignableFrom(type)) {
      return "it is neither a " + expected.getName() + " nor a " + Factory.class.getName();
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return "it is abstract";
    }
    try {
      Constructor<?> unused = type.getDeclaredConstructor(); // only whether there is one matters
    } catch (NoSuchMethodException e) {
      return "it has no no-arg constructor";
    }
    return null;
  }

  private static Object instantiate(Class<?> type) throws ReflectiveOperationException {
    Constructor<?> constructor = type.getDeclaredConstructor();
    constructor.trySetAccessible();
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new CacheException(
          "the constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassInstanceFactory<?> other
        && className.equals(other.className)
        && expected.equals(other.expected);
  }

  @Override
  public int hashCode() {
    return 31 * className.hashCode() + expected.hashCode();
  }

  @Override
  public String toString() {
    return "ClassInstanceFactory[" + className + " -> " + expected.getName() + "]";
  }
}
