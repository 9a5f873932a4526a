package dev.nearcache.jcache.config;

import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.jcache.internal.config.CacheDefinition;
import dev.nearcache.jcache.internal.config.CacheSettings;
import dev.nearcache.jcache.internal.config.EffectiveProperties;
import dev.nearcache.jcache.internal.config.MaskedProperties;
import dev.nearcache.serialization.CodecSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * A cache manager's settings, immutable; read them with {@link SettingsLoader#load}. The methods
 * returning JCache configurations return fresh copies the caller may change.
 */
public final class ProviderSettings {
  private final String source;
  private final RedisSettings redis;
  private final String keyPrefix;
  private final CodecSettings codec;
  private final CacheSettings defaults;
  private final Map<String, CacheDefinition> caches;
  private final ClassLoader classLoader;
  private final Properties properties;

  ProviderSettings(
      String source,
      RedisSettings redis,
      String keyPrefix,
      CodecSettings codec,
      CacheSettings defaults,
      Map<String, CacheDefinition> caches,
      ClassLoader classLoader) {
    this.source = Objects.requireNonNull(source, "source");
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.caches = Collections.unmodifiableMap(new LinkedHashMap<>(caches));
    this.classLoader = classLoader;
    this.properties = EffectiveProperties.of(redis, keyPrefix, codec, defaults, this.caches);
  }

  /**
   * Where the settings came from: the file's URI ({@code file:/etc/app/nearcache.yaml}, {@code
   * classpath:nearcache.yaml}) or {@code built-in defaults}, followed by {@code + properties} when
   * properties overrode some.
   */
  public String source() {
    return source;
  }

  public RedisSettings redis() {
    return redis;
  }

  /** Prefix of every Redis key this manager writes; non-empty, without '{' or '}'. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The codec's settings, with the manager's class loader. */
  public CodecSettings codec() {
    return codec;
  }

  /**
   * A fresh configuration holding the defaults of every cache, including those created with {@code
   * createCache}: segments, statistics, management, store-by-value, expiry and near cache. Key and
   * value types are Object; there is no loader or writer.
   */
  public RedisCacheConfiguration<Object, Object> defaults() {
    RedisCacheConfiguration<Object, Object> configuration = new RedisCacheConfiguration<>();
    defaults.applyTo(configuration);
    return configuration;
  }

  /** Fresh configurations of the caches defined up front, by name, in the file's order. */
  public Map<String, RedisCacheConfiguration<?, ?>> caches() {
    Map<String, RedisCacheConfiguration<?, ?>> copies = new LinkedHashMap<>();
    caches.forEach((name, definition) -> copies.put(name, definition.toConfiguration(classLoader)));
    return Collections.unmodifiableMap(copies);
  }

  /** The names of the caches defined up front. */
  public Set<String> cacheNames() {
    return caches.keySet();
  }

  /**
   * Every effective setting as flattened properties ({@code redis.address}, {@code
   * defaults.near-cache.maximum-size}, ...), a fresh copy. Values are real (passwords included);
   * the copy's {@code toString} masks passwords as {@code ****}.
   */
  public Properties properties() {
    return new MaskedProperties(properties);
  }

  @Override
  public String toString() {
    return "ProviderSettings[source=" + source + ", settings=" + properties + "]";
  }
}
