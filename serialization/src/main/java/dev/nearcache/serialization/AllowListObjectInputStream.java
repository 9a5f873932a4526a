package dev.nearcache.serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Java deserialization restricted to the allow-list, so that the Java-serialization path is not a
 * way around it:
 *
 * <ul>
 *   <li>{@link #resolveClass} checks the class <em>name</em> before loading it (no static
 *       initialiser of a forbidden class runs) and resolves with the codec's class loader;
 *   <li>an {@link ObjectInputFilter} checks every class again (arrays included) and bounds depth,
 *       then defers to the JVM-wide filter ({@code jdk.serialFilter}) when one is configured;
 *   <li>dynamic proxies are refused.
 * </ul>
 */
final class AllowListObjectInputStream extends ObjectInputStream {

  /** Deep enough for real object graphs, small enough to stop a stack-exhaustion attack early. */
  private static final long MAX_DEPTH = 1_000;

  private final AllowList allowList;
  private final ClassLoader classLoader;

  private AllowListObjectInputStream(InputStream in, AllowList allowList, ClassLoader classLoader)
      throws IOException {
    super(in);
    this.allowList = allowList;
    this.classLoader = classLoader;
  }

  static AllowListObjectInputStream open(
      InputStream in, AllowList allowList, ClassLoader classLoader) throws IOException {
    AllowListObjectInputStream stream = new AllowListObjectInputStream(in, allowList, classLoader);
    ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
    stream.setObjectInputFilter(info -> check(info, allowList, jvmWide));
    return stream;
  }

  private static ObjectInputFilter.Status check(
      ObjectInputFilter.FilterInfo info, AllowList allowList, ObjectInputFilter jvmWide) {
    if (info.depth() > MAX_DEPTH) {
      return ObjectInputFilter.Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type != null && !allowList.allowsInJavaSerialization(type)) {
      return ObjectInputFilter.Status.REJECTED;
    }
    ObjectInputFilter.Status status =
        jvmWide == null ? ObjectInputFilter.Status.UNDECIDED : jvmWide.checkInput(info);
    if (status == ObjectInputFilter.Status.UNDECIDED && type != null) {
      return ObjectInputFilter.Status.ALLOWED;
    }
    return status;
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass descriptor)
      throws IOException, ClassNotFoundException {
    String name = descriptor.getName();
    if (!allowList.allowsInJavaSerialization(name)) {
      throw SerializationFailures.notAllowed(name);
    }
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException e) {
      return super.resolveClass(descriptor); // primitive type names ("int") are resolved there
    }
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) {
    throw SerializationFailures.notAllowed(
        interfaces.length == 0 ? "dynamic proxy" : interfaces[0]);
  }
}
