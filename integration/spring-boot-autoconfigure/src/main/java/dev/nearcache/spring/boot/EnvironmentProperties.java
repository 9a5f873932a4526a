package dev.nearcache.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The {@code nearcache.*} settings of the Spring {@link Environment} (application.yml, properties
 * files, system properties, environment variables, command-line arguments) as the provider's
 * override {@link Properties}: {@code nearcache.redis.address} becomes {@code redis.address},
 * {@code nearcache.caches.books.expiry.duration} becomes {@code caches.books.expiry.duration}.
 *
 * <p>A list ({@code nearcache.codec.allow: [a, b]}, or {@code nearcache.codec.allow[0]=a}) becomes
 * the comma-separated value the provider reads for list settings ({@code codec.allow=a,b}); Spring
 * Boot's own rules decide which source's list wins. Values are bound through Boot's {@link Binder},
 * so Spring placeholders ({@code ${redis.host}}) are resolved. Names keep the case they were
 * written in (cache names are case-sensitive), except that environment variables are read in lower
 * case ({@code NEARCACHE_REDIS_ADDRESS} is {@code redis.address}). Setting names are the provider's
 * own, in kebab case ({@code connect-timeout}, not {@code connectTimeout}): an unknown name fails
 * start-up with the provider's "did you mean" error.
 *
 * <p>Names used by the starter itself ({@link #STARTER_KEYS}, and those under {@link
 * #STARTER_PREFIXES}, such as {@code nearcache.hibernate.enabled}) are not passed on.
 */
final class EnvironmentProperties {
  static final String PREFIX = "nearcache";

  /**
   * The manager URI when {@code spring.cache.jcache.config} is not set (the starter's own setting).
   */
  static final String MANAGER_URI = "nearcache.manager-uri";

  static final Set<String> STARTER_KEYS = Set.of("manager-uri");

  /**
   * Prefixes of the starter's own settings: {@code nearcache.hibernate.*} (Boot 4's JPA wiring).
   */
  static final Set<String> STARTER_PREFIXES = Set.of("hibernate.");

  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

  private EnvironmentProperties() {}

  static Properties of(Environment environment) {
    Binder binder = Binder.get(environment);
    // Bound name (case-insensitive identity) -> [provider key, whether it is a list].
    Map<ConfigurationPropertyName, Object[]> found = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      iterable.stream()
          .filter(ROOT::isAncestorOf)
          .forEach(
              name -> {
                int size = name.getNumberOfElements();
                int end = firstIndex(name);
                if (end == ROOT.getNumberOfElements()) {
                  return; // nearcache[0]: nothing of ours
                }
                ConfigurationPropertyName key = name.chop(end);
                found.computeIfAbsent(key, k -> new Object[] {providerKey(k), end < size});
              });
    }
    Properties properties = new Properties();
    found.forEach(
        (name, keyAndList) -> {
          String key = (String) keyAndList[0];
          if (STARTER_KEYS.contains(key) || STARTER_PREFIXES.stream().anyMatch(key::startsWith)) {
            return;
          }
          String value;
          if ((Boolean) keyAndList[1]) {
            value =
                binder
                    .bind(name, Bindable.listOf(String.class))
                    .map(list -> String.join(",", list))
                    .orElse(null);
          } else {
            value = binder.bind(name, Bindable.of(String.class)).orElse(null);
          }
          if (value != null) {
            properties.setProperty(key, value);
          }
        });
    return properties;
  }

  /** The position of the first list index after the prefix, or the number of elements when none. */
  private static int firstIndex(ConfigurationPropertyName name) {
    for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
      if (name.isNumericIndex(i)) {
        return i;
      }
    }
    return name.getNumberOfElements();
  }

  private static String providerKey(ConfigurationPropertyName name) {
    StringBuilder key = new StringBuilder();
    for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
      if (key.length() > 0) {
        key.append('.');
      }
      key.append(name.getElement(i, Form.ORIGINAL));
    }
    return key.toString();
  }
}
