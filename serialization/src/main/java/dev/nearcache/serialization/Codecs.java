package dev.nearcache.serialization;

import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Finds the {@link CodecFactory} named by {@link CodecSettings#name()} and creates the codec. */
public final class Codecs {

  private Codecs() {}

  /**
   * Creates the codec named by {@code settings}.
   *
   * @throws IllegalArgumentException if no factory has that name; the message lists the known names
   */
  public static Codec create(CodecSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Map<String, CodecFactory> factories = factories(settings.classLoader());
    CodecFactory factory = factories.get(key(settings.name()));
    if (factory == null) {
      throw new IllegalArgumentException(
          "Unknown codec '"
              + settings.name()
              + "'; known codecs: "
              + factories.keySet()
              + ". Codecs are found through META-INF/services/"
              + CodecFactory.class.getName()
              + '.');
    }
    return factory.create(settings);
  }

  /** The names of the codecs visible from {@code classLoader} (null: this library's loader). */
  public static Set<String> knownNames(ClassLoader classLoader) {
    return Collections.unmodifiableSet(factories(classLoader).keySet());
  }

  private static Map<String, CodecFactory> factories(ClassLoader preferred) {
    // Sorted so that the "known codecs" message is stable.
    Map<String, CodecFactory> byName = new TreeMap<>();
    ClassLoader library = Codecs.class.getClassLoader();
    if (preferred != null && preferred != library) {
      addAll(ServiceLoader.load(CodecFactory.class, preferred), byName);
    }
    addAll(ServiceLoader.load(CodecFactory.class, library), byName);
    // The built-in codec must work even when a shaded/merged jar lost the service file.
    byName.putIfAbsent(key(KryoCodecFactory.NAME), new KryoCodecFactory());
    return byName;
  }

  private static void addAll(ServiceLoader<CodecFactory> loader, Map<String, CodecFactory> byName) {
    Iterator<CodecFactory> it = loader.iterator();
    try {
      while (it.hasNext()) {
        CodecFactory factory = it.next();
        byName.putIfAbsent(key(factory.name()), factory); // first (the caller's loader) wins
      }
    } catch (ServiceConfigurationError e) {
      // A broken provider must be reported, not silently make its codec "unknown".
      throw new IllegalStateException("A codec factory could not be loaded: " + e.getMessage(), e);
    }
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
