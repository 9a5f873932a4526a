package dev.nearcache.serialization;

import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Decides which classes must keep Java-serialization semantics instead of Kryo's field-by-field
 * copy: application classes that customise Java serialization with {@code writeObject}, {@code
 * readObject}, {@code readObjectNoData}, {@code writeReplace} or {@code readResolve} (declared
 * anywhere in the hierarchy, private ones included), or that are {@link Externalizable}.
 *
 * <p>Those hooks carry invariants Kryo would silently break: a {@code readResolve} that returns a
 * singleton, or a transient cached hash code recomputed in {@code readObject} (both common in
 * Hibernate and similar libraries).
 *
 * <p>JDK classes are excluded although most of them have such hooks: Kryo's dedicated serializers
 * handle them compactly and correctly. Throwables (the JDK's and applications' own) and {@link
 * StackTraceElement} are the exception: Kryo cannot reach their fields at all.
 */
final class JavaSerializationSemantics {

  private static final ClassValue<Boolean> REQUIRED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return compute(type);
        }
      };

  private JavaSerializationSemantics() {}

  static boolean required(Class<?> type) {
    return REQUIRED.get(type);
  }

  private static boolean compute(Class<?> type) {
    if (Throwable.class.isAssignableFrom(type) || type == StackTraceElement.class) {
      // Kryo would copy their fields one by one, but java.base does not open java.lang to it
      // (Throwable.backtrace cannot be made accessible); Java serialization reaches them, and
      // Throwable's readObject checks the stack trace and suppressed list it reads.
      return true;
    }
    if (!Serializable.class.isAssignableFrom(type)
        || type.isArray()
        || Enum.class.isAssignableFrom(type)
        || isJdk(type.getName())) {
      return false;
    }
    if (Externalizable.class.isAssignableFrom(type)) {
      return true;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (isSerializationHook(method)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isSerializationHook(Method method) {
    if (Modifier.isStatic(method.getModifiers())) {
      return false;
    }
    Class<?>[] parameters = method.getParameterTypes();
    return switch (method.getName()) {
      case "writeObject" -> parameters.length == 1 && parameters[0] == ObjectOutputStream.class;
      case "readObject" -> parameters.length == 1 && parameters[0] == ObjectInputStream.class;
      case "readObjectNoData" -> parameters.length == 0;
      case "writeReplace", "readResolve" ->
          parameters.length == 0 && method.getReturnType() == Object.class;
      default -> false;
    };
  }

  private static boolean isJdk(String name) {
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun.");
  }
}
