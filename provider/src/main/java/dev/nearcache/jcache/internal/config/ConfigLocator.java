package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.internal.config.Locations.LocationException;
import java.net.URI;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.cache.CacheException;

/**
 * Finds the YAML text a manager's URI stands for.
 *
 * <ul>
 *   <li>{@code file:}, {@code jar:} and {@code classpath:} URIs name the file itself; a missing or
 *       unreadable one is an error.
 *   <li>Any other URI (the default URI, an opaque name such as {@code urn:my-app}, a name without a
 *       scheme) uses default resolution: the file named by system property {@value
 *       #SYSTEM_PROPERTY}, else by environment variable {@value #ENV_VARIABLE} (a path, or a {@code
 *       file:}/{@code classpath:}/{@code jar:} URI; an error when missing), else resource {@value
 *       #DEFAULT_RESOURCE} on the class path when present, else nothing (built-in defaults).
 * </ul>
 */
public final class ConfigLocator {
  public static final String SYSTEM_PROPERTY = "nearcache.config";
  static final String ENV_VARIABLE = "NEARCACHE_CONFIG";
  static final String DEFAULT_RESOURCE = "nearcache.yaml";

  /** The text of a configuration file and the name errors use for it. */
  record ConfigText(String origin, String text) {}

  private ConfigLocator() {}

  static Optional<ConfigText> locate(URI uri, ClassLoader classLoader, Environment environment) {
    if (uri != null && Locations.isReadable(uri)) {
      return Optional.of(read(uri.toString(), "", () -> Locations.resolve(uri, classLoader)));
    }
    String named = environment.systemProperty().apply(SYSTEM_PROPERTY);
    String via = "system property " + SYSTEM_PROPERTY;
    if (named == null || named.isBlank()) {
      named = environment.variable().apply(ENV_VARIABLE);
      via = "environment variable " + ENV_VARIABLE;
    }
    if (named != null && !named.isBlank()) {
      String location = named.trim();
      return Optional.of(
          read(
              originOf(location),
              " (named by " + via + ")",
              () -> Locations.resolve(location, classLoader)));
    }
    URL resource = defaultResource(classLoader);
    if (resource != null) {
      return Optional.of(read("classpath:" + DEFAULT_RESOURCE, "", () -> resource));
    }
    return Optional.empty();
  }

  private interface UrlSupplier {
    URL get() throws LocationException;
  }

  private static ConfigText read(String origin, String note, UrlSupplier url) {
    try {
      return new ConfigText(origin, Locations.read(url.get()));
    } catch (LocationException e) {
      throw new CacheException(
          SettingErrors.PREFIX + origin + note + ": cannot be read: " + e.getMessage(),
          e.getCause());
    }
  }

  private static String originOf(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("classpath:") || lower.startsWith("file:") || lower.startsWith("jar:")) {
      return location;
    }
    try {
      return Locations.describe(Path.of(location));
    } catch (InvalidPathException e) {
      return location;
    }
  }

  private static URL defaultResource(ClassLoader classLoader) {
    URL url = classLoader == null ? null : classLoader.getResource(DEFAULT_RESOURCE);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (url == null && context != null && context != classLoader) {
      url = context.getResource(DEFAULT_RESOURCE);
    }
    return url;
  }
}
