package dev.nearcache.jcache;

import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * How the configuration file's {@code defaults} reach a cache made with {@code createCache}: every
 * setting the given configuration leaves at its JCache default takes the file's value instead.
 * Frameworks create caches with a bare {@code MutableConfiguration} (Spring's {@code
 * spring.cache.cache-names}, Hibernate's regions, the annotations' resolvers), so without this rule
 * their caches would ignore {@code defaults.statistics} or {@code defaults.expiry}.
 *
 * <p>The rule, setting by setting: statistics and management switched off and an eternal expiry
 * policy count as "left at the default". (0 segments and no near-cache settings are filled in when
 * any cache opens: 0 segments adopts the layout a cache already has in Redis.) A configuration that
 * really wants JCache's default where {@code defaults} says otherwise cannot say so through {@code
 * MutableConfiguration}; such a cache goes under {@code caches} in the file. Store-by-value is not
 * taken from the file: entries always travel through Redis as bytes.
 */
final class CreatedCacheDefaults {

  private CreatedCacheDefaults() {}

  /** {@code given} with the file's defaults filled in where it holds JCache's own defaults. */
  static <K, V> RedisCacheConfiguration<K, V> fill(
      RedisCacheConfiguration<K, V> given, RedisCacheConfiguration<Object, Object> defaults) {
    RedisCacheConfiguration<K, V> filled = new RedisCacheConfiguration<>(given);
    if (!given.isStatisticsEnabled()) {
      filled.setStatisticsEnabled(defaults.isStatisticsEnabled());
    }
    if (!given.isManagementEnabled()) {
      filled.setManagementEnabled(defaults.isManagementEnabled());
    }
    if (isEternal(given.getExpiryPolicyFactory())) {
      filled.setExpiryPolicyFactory(defaults.getExpiryPolicyFactory());
    }
    return filled;
  }

  /** JCache's default expiry: a factory of {@link EternalExpiryPolicy} (null means the same). */
  private static boolean isEternal(Factory<ExpiryPolicy> factory) {
    return factory == null || factory.create() instanceof EternalExpiryPolicy;
  }
}
