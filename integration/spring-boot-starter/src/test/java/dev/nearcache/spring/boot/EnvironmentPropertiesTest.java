package dev.nearcache.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How nearcache.* settings of the Spring environment become the provider's override properties. */
class EnvironmentPropertiesTest {

  @Test
  void dottedPathsListsPlaceholdersEnvironmentVariablesAndPrecedence() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);

    Map<String, Object> high = new LinkedHashMap<>();
    high.put("nearcache.redis.address", "redis://high:6379");
    high.put("nearcache.codec.allow[0]", "com.example.high.*");
    environment.getPropertySources().addLast(new MapPropertySource("high", high));

    Map<String, Object> yaml = new LinkedHashMap<>(); // as application.yml arrives
    yaml.put("nearcache.redis.address", "redis://low:6379");
    yaml.put("nearcache.redis.password", "${secret.password}");
    yaml.put("nearcache.codec.allow[0]", "com.example.a.*");
    yaml.put("nearcache.codec.allow[1]", "com.example.b.*");
    yaml.put("nearcache.codec.register", "com.example.A,com.example.B");
    yaml.put("nearcache.caches.bookShelf.expiry.duration", "10m");
    yaml.put("nearcache.key-prefix", "app:");
    yaml.put("nearcache.manager-uri", "urn:app");
    yaml.put("nearcache.hibernate.enabled", "false");
    yaml.put("secret.password", "s3cret");
    yaml.put("other.setting", "x");
    environment.getPropertySources().addLast(new MapPropertySource("yaml", yaml));

    environment
        .getPropertySources()
        .addLast(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("NEARCACHE_DEFAULTS_SEGMENTS", "32", "NEARCACHE_REDIS_TIMEOUT", "5s")));
    ConfigurationPropertySources.attach(environment);

    Properties properties = EnvironmentProperties.of(environment);
    Properties expected = new Properties();
    expected.setProperty("redis.address", "redis://high:6379"); // the higher source wins
    expected.setProperty(
        "codec.allow", "com.example.high.*"); // a list is replaced whole, as Boot binds lists
    expected.setProperty("redis.password", "s3cret"); // placeholders resolved
    expected.setProperty("codec.register", "com.example.A,com.example.B");
    expected.setProperty(
        "caches.bookShelf.expiry.duration", "10m"); // the cache name keeps its case
    expected.setProperty("key-prefix", "app:");
    expected.setProperty("defaults.segments", "32"); // environment variables, lower case
    expected.setProperty("redis.timeout", "5s");
    assertEquals(expected, properties); // manager-uri and hibernate.* are the starter's own
    assertEquals(
        List.of(),
        List.of(
            properties.keySet().stream().filter(k -> k.toString().startsWith("other")).toArray()));
  }
}
