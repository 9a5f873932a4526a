package dev.nearcache.jcache.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Defines its own copy of a few classes (read from the parent's class files) and delegates every
 * other class to the parent; remembers every class name it was asked for.
 */
final class IsolatingClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Set<String> isolated;
  private final Set<String> requested = ConcurrentHashMap.newKeySet();

  IsolatingClassLoader(String name, Set<String> isolated) {
    super(name, IsolatingClassLoader.class.getClassLoader());
    this.isolated = Set.copyOf(isolated);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    requested.add(name);
    if (!isolated.contains(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] bytes = classFile(name);
        c = defineClass(name, bytes, 0, bytes.length);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private byte[] classFile(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in = getParent().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Whether anything asked this loader for {@code name}. */
  boolean wasAskedFor(String name) {
    return requested.contains(name);
  }

  /** Whether this loader defined its own copy of {@code name}. */
  boolean hasDefined(String name) {
    return findLoadedClass(name) != null;
  }
}
