package dev.nearcache.jcache.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.internal.config.Environment;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.redisson.config.Config;

/**
 * Shared helpers and small classes the test YAML names; public for the tests of {@code
 * dev.nearcache.jcache.internal.config}, which load settings through here.
 */
public final class ConfigFixtures {
  private ConfigFixtures() {}

  /** An environment with no system properties and no variables unless given. */
  public static Environment env(
      Map<String, String> systemProperties, Map<String, String> variables) {
    Map<String, String> props = new HashMap<>(systemProperties);
    Map<String, String> vars = new HashMap<>(variables);
    return new Environment(props::get, vars::get);
  }

  public static Environment emptyEnv() {
    return env(Map.of(), Map.of());
  }

  public static Path write(Path dir, String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** Loads YAML written to a file in {@code dir}, with an empty environment. */
  public static ProviderSettings loadYaml(Path dir, String yaml) throws IOException {
    return loadYaml(dir, yaml, null);
  }

  public static ProviderSettings loadYaml(Path dir, String yaml, Properties properties)
      throws IOException {
    Path file = write(dir, "nearcache.yaml", yaml);
    return SettingsLoader.load(
        file.toUri(), ConfigFixtures.class.getClassLoader(), properties, emptyEnv());
  }

  /** {@link SettingsLoader#load} with the given environment. */
  public static ProviderSettings load(
      URI uri, ClassLoader classLoader, Properties properties, Environment environment) {
    return SettingsLoader.load(uri, classLoader, properties, environment);
  }

  public static ProviderSettings loadProperties(Properties properties) {
    return SettingsLoader.load(
        URI.create("urn:test"), ConfigFixtures.class.getClassLoader(), properties, emptyEnv());
  }

  public static Properties props(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  /** Asserts that a CacheException is thrown and its message contains every fragment. */
  public static CacheException assertError(Runnable action, String... fragments) {
    CacheException e = assertThrows(CacheException.class, action::run);
    for (String fragment : fragments) {
      assertTrue(
          e.getMessage().contains(fragment),
          () -> "message lacks \"" + fragment + "\": " + e.getMessage());
    }
    return e;
  }

  /**
   * Calls one of Config's protected getters (getSingleServerConfig, ...). T is whatever the caller
   * assigns the result to, and a getter that is missing fails the test with an AssertionError.
   */
  @SuppressWarnings({
    "unchecked",
    "TypeParameterUnusedInFormals",
    "RethrowReflectiveOperationExceptionAsLinkageError"
  })
  public static <T> T serversOf(Config config, String getter) {
    try {
      Method method = Config.class.getDeclaredMethod(getter);
      method.setAccessible(true);
      return (T) method.invoke(config);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A loader the YAML names. */
  public static final class Loader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return "loaded:" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> all = new HashMap<>();
      keys.forEach(k -> all.put(k, load(k)));
      return all;
    }
  }

  /** A factory of loaders the YAML names. */
  public static final class LoaderFactory
      implements Factory<CacheLoader<String, String>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public CacheLoader<String, String> create() {
      return new Loader();
    }
  }

  /** A writer the YAML names. */
  public static final class Writer implements CacheWriter<String, String> {
    @Override
    public void write(javax.cache.Cache.Entry<? extends String, ? extends String> entry) {}

    @Override
    public void writeAll(
        java.util.Collection<javax.cache.Cache.Entry<? extends String, ? extends String>>
            entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {}
  }

  /** Not a loader. */
  public static final class NotALoader {}

  /** A loader without a no-arg constructor. */
  public static final class LoaderWithArgs implements CacheLoader<String, String> {
    public LoaderWithArgs(String ignored) {}

    @Override
    public String load(String key) {
      return key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      return Map.of();
    }
  }

  /** A value type. */
  public static final class Order implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
