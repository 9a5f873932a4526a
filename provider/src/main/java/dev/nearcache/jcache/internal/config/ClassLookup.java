package dev.nearcache.jcache.internal.config;

/** Loads classes by name from a given loader, then the thread's context loader. */
final class ClassLookup {
  private ClassLookup() {}

  static Class<?> load(String name, ClassLoader classLoader) throws ClassNotFoundException {
    ClassNotFoundException first = null;
    if (classLoader != null) {
      try {
        return Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException e) {
        first = e;
      }
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != classLoader) {
      try {
        return Class.forName(name, false, context);
      } catch (ClassNotFoundException e) {
        first = first == null ? e : first;
      }
    }
    if (classLoader == null && context == null) {
      return Class.forName(name, false, ClassLookup.class.getClassLoader());
    }
    throw first;
  }
}
