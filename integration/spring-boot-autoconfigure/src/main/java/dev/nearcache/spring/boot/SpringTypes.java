package dev.nearcache.spring.boot;

import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.config.SettingsLoader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Lets the codec store the types Spring's cache abstraction itself puts in a cache, with no user
 * configuration: {@code SimpleKey} (the key of a method with several arguments, or none) and
 * {@code NullValue} (a cached {@code null}, when the cache manager allows null values).
 *
 * <p>The provider's override properties replace a list setting whole ({@code codec.allow} given as a
 * property replaces the file's list), so this reads the effective settings (the file plus the
 * properties so far) and sets {@code codec.allow} to that list plus Spring's types: the user's own
 * list is kept, whether it came from nearcache.yaml or from {@code nearcache.codec.allow}.
 *
 * <p>TODO: once the serialization module's allow-list contribution extension point is merged, the
 * starter contributes these names through it and this class goes away.
 */
final class SpringTypes {
  static final List<String> CLASS_NAMES = List.of(
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue");

  private SpringTypes() {}

  /** Adds Spring's types to {@code codec.allow} in {@code properties}, keeping what the settings allow already. */
  static void allow(Properties properties, URI uri, ClassLoader classLoader) {
    ProviderSettings settings = SettingsLoader.load(uri, classLoader, properties);
    List<String> allowed = new ArrayList<>(settings.codec().allowedClasses());
    boolean added = false;
    for (String name : CLASS_NAMES) {
      if (!allowed.contains(name)) {
        allowed.add(name);
        added = true;
      }
    }
    if (added) {
      properties.setProperty("codec.allow", String.join(",", allowed));
    }
  }
}
