package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.RedisCacheConfiguration;
import java.util.Objects;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A cache the manager defines up front: its own settings with the defaults merged in.
 *
 * @param loader the CacheLoader (or Factory of one) class name, or null
 * @param writer the CacheWriter (or Factory of one) class name, or null
 */
public record CacheDefinition(
    String name,
    Class<?> keyType,
    Class<?> valueType,
    boolean readThrough,
    boolean writeThrough,
    String loader,
    String writer,
    CacheSettings settings) {

  public CacheDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(settings, "settings");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public RedisCacheConfiguration<?, ?> toConfiguration(ClassLoader classLoader) {
    RedisCacheConfiguration configuration = new RedisCacheConfiguration<>();
    configuration.setTypes(keyType, valueType);
    settings.applyTo(configuration);
    configuration.setReadThrough(readThrough);
    configuration.setWriteThrough(writeThrough);
    if (loader != null) {
      configuration.setCacheLoaderFactory(
          (Factory) new ClassInstanceFactory<>(loader, CacheLoader.class, classLoader));
    }
    if (writer != null) {
      configuration.setCacheWriterFactory(
          (Factory) new ClassInstanceFactory<>(writer, CacheWriter.class, classLoader));
    }
    return configuration;
  }
}
