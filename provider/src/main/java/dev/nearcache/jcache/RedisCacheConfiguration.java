package dev.nearcache.jcache;

import dev.nearcache.near.NearCacheSettings;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache configuration with this provider's own settings: the number of Redis segments the cache
 * is split into and the shape of its near tier. Any {@link Configuration} handed to {@code
 * createCache} is turned into one of these; settings it does not name take the provider's defaults.
 */
public class RedisCacheConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  /** Zero means "the provider's default". */
  private int segments;

  private NearCacheSettings nearCache;

  public RedisCacheConfiguration() {
    super();
  }

  public RedisCacheConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof RedisCacheConfiguration<K, V> other) {
      this.segments = other.segments;
      this.nearCache = other.nearCache;
    }
  }

  /** Copies any configuration, complete or not, into a new instance. */
  public static <K, V> RedisCacheConfiguration<K, V> from(Configuration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new RedisCacheConfiguration<>(complete);
    }
    RedisCacheConfiguration<K, V> copy = new RedisCacheConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  /** The number of segments, or zero for the provider's default. */
  public int getSegments() {
    return segments;
  }

  public RedisCacheConfiguration<K, V> setSegments(int segments) {
    if (segments < 0 || segments > 16384) {
      throw new IllegalArgumentException(
          "segments must be between 1 and 16384 (0 = default), was " + segments);
    }
    this.segments = segments;
    return this;
  }

  /** The near tier's settings, or null for the provider's default. */
  public NearCacheSettings getNearCache() {
    return nearCache;
  }

  public RedisCacheConfiguration<K, V> setNearCache(NearCacheSettings nearCache) {
    this.nearCache = nearCache;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RedisCacheConfiguration<?, ?> other) || !super.equals(o)) {
      return false;
    }
    return segments == other.segments && Objects.equals(nearCache, other.nearCache);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Objects.hash(segments, nearCache);
  }
}
