package dev.nearcache.serialization;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Helpers shared by the tests. */
final class TestSupport {

  private TestSupport() {}

  static CodecSettings allowing(String... patterns) {
    return new CodecSettings("kryo", List.of(patterns), List.of(), null);
  }

  static Codec codec(String... patterns) {
    return Codecs.create(allowing(patterns));
  }

  /** Replaces every occurrence of one ASCII word by another of the same length. */
  static byte[] patch(byte[] bytes, String from, String to) {
    byte[] search = from.getBytes(StandardCharsets.US_ASCII);
    byte[] replacement = to.getBytes(StandardCharsets.US_ASCII);
    if (search.length != replacement.length) {
      throw new IllegalArgumentException("same length required");
    }
    byte[] patched = bytes.clone();
    int found = 0;
    for (int i = 0; i + search.length <= patched.length; i++) {
      boolean match = true;
      for (int j = 0; j < search.length && match; j++) {
        match = patched[i + j] == search[j];
      }
      if (match) {
        System.arraycopy(replacement, 0, patched, i, replacement.length);
        found++;
      }
    }
    if (found == 0) {
      throw new IllegalArgumentException(from + " not found in the bytes");
    }
    return patched;
  }

  /** Delegates to the test loader and remembers every class name it was asked for. */
  static final class RecordingClassLoader extends ClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingClassLoader() {
      super(TestSupport.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }

    boolean requestedAnything(String fragment) {
      return requested.stream().anyMatch(name -> name.contains(fragment));
    }
  }
}
