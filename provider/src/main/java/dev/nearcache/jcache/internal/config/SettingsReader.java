package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.internal.config.ConfigLocator.ConfigText;
import dev.nearcache.jcache.internal.config.SettingsTree.Section;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code SettingsLoader.load} does, which its documentation describes: finds the YAML a
 * manager's URI stands for, reads it, lays the properties over it and binds the result.
 */
public final class SettingsReader {
  /** The source of settings read from no file. */
  public static final String BUILT_IN = "built-in defaults";

  private SettingsReader() {}

  /**
   * Reads and binds the settings of a manager: the file the URI names, overlaid by the properties.
   *
   * @param classLoader null: the thread's context class loader, else this library's
   * @throws javax.cache.CacheException when a file cannot be read or a setting is bad
   */
  public static BoundSettings read(
      URI uri, ClassLoader classLoader, Properties properties, Environment environment) {
    ClassLoader loader = effective(classLoader);
    Optional<ConfigText> text = ConfigLocator.locate(uri, loader, environment);
    String source = text.map(ConfigText::origin).orElse(BUILT_IN);
    Section root =
        text.map(t -> YamlTreeReader.read(t.origin(), t.text()))
            .orElseGet(() -> new Section(BUILT_IN, 0));
    if (PropertiesOverlay.apply(root, properties, SettingsTable.ROOTS)) {
      source = source + " + " + PropertiesOverlay.ORIGIN;
    }
    ConfigNode node = new ConfigNode("", root, new Placeholders(environment));
    return ProviderSettingsBinder.bind(source, node, loader);
  }

  private static ClassLoader effective(ClassLoader classLoader) {
    if (classLoader != null) {
      return classLoader;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SettingsReader.class.getClassLoader();
  }
}
