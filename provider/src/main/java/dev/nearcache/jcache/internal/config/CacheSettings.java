package dev.nearcache.jcache.internal.config;

import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.EXPIRY_DURATION;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.EXPIRY_POLICY;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.MANAGEMENT;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.SEGMENTS;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.STATISTICS;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.STORE_BY_VALUE;

import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.near.NearCacheSettings;
import java.util.Objects;

/**
 * The settings every cache has, from {@code defaults:} or a cache's own section merged over them.
 */
public record CacheSettings(
    int segments,
    boolean statistics,
    boolean management,
    boolean storeByValue,
    ExpirySettings expiry,
    NearCacheSettings nearCache) {

  /** The table's defaults; the near tier's are its own module's, which the table reads. */
  static final CacheSettings DEFAULTS =
      new CacheSettings(
          SEGMENTS.defaultValue(),
          STATISTICS.defaultValue(),
          MANAGEMENT.defaultValue(),
          STORE_BY_VALUE.defaultValue(),
          new ExpirySettings(EXPIRY_POLICY.defaultValue(), EXPIRY_DURATION.defaultValue()),
          NearCacheSettings.DEFAULTS);

  public CacheSettings {
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(nearCache, "nearCache");
  }

  public void applyTo(RedisCacheConfiguration<?, ?> configuration) {
    configuration.setSegments(segments);
    configuration.setStatisticsEnabled(statistics);
    configuration.setManagementEnabled(management);
    configuration.setStoreByValue(storeByValue);
    configuration.setExpiryPolicyFactory(expiry.factory());
    configuration.setNearCache(nearCache);
  }
}
