package dev.nearcache.jcache.config;

import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.near.NearCacheSettings;
import java.util.Objects;

/**
 * The settings every cache has, from {@code defaults:} or a cache's own section merged over them.
 */
record CacheSettings(
    int segments,
    boolean statistics,
    boolean management,
    boolean storeByValue,
    ExpirySettings expiry,
    NearCacheSettings nearCache) {

  static final int DEFAULT_SEGMENTS = 16;
  static final int MAX_SEGMENTS = 16384;

  static final CacheSettings DEFAULTS = new CacheSettings(
      DEFAULT_SEGMENTS, false, false, true, ExpirySettings.ETERNAL, NearCacheSettings.DEFAULTS);

  CacheSettings {
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(nearCache, "nearCache");
  }

  void applyTo(RedisCacheConfiguration<?, ?> configuration) {
    configuration.setSegments(segments);
    configuration.setStatisticsEnabled(statistics);
    configuration.setManagementEnabled(management);
    configuration.setStoreByValue(storeByValue);
    configuration.setExpiryPolicyFactory(expiry.factory());
    configuration.setNearCache(nearCache);
  }
}
