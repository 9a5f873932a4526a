package dev.nearcache.jcache.internal.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * A cache's expiry: one of the standard JCache policies and its duration.
 *
 * @param policy the policy
 * @param duration how long an entry lives (ignored, and may be null, for {@code eternal})
 */
record ExpirySettings(Policy policy, java.time.Duration duration) {
  static final ExpirySettings ETERNAL = new ExpirySettings(Policy.ETERNAL, null);

  /** The standard policies, by their configuration names. */
  enum Policy {
    ETERNAL,
    CREATED,
    ACCESSED,
    MODIFIED,
    TOUCHED;

    static final Map<String, Policy> BY_NAME = byName();

    String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Policy> byName() {
      Map<String, Policy> map = new LinkedHashMap<>();
      for (Policy policy : values()) {
        map.put(policy.configName(), policy);
      }
      return java.util.Collections.unmodifiableMap(map);
    }
  }

  ExpirySettings {
    Objects.requireNonNull(policy, "policy");
  }

  /** A serializable factory of the policy. */
  Factory<ExpiryPolicy> factory() {
    if (policy == Policy.ETERNAL) {
      return EternalExpiryPolicy.factoryOf();
    }
    javax.cache.expiry.Duration jcache = toJCache(Objects.requireNonNull(duration, "duration"));
    return switch (policy) {
      case CREATED -> CreatedExpiryPolicy.factoryOf(jcache);
      case ACCESSED -> AccessedExpiryPolicy.factoryOf(jcache);
      case MODIFIED -> ModifiedExpiryPolicy.factoryOf(jcache);
      case TOUCHED -> TouchedExpiryPolicy.factoryOf(jcache);
      case ETERNAL -> throw new AssertionError();
    };
  }

  /** In the largest unit that holds it exactly. */
  static javax.cache.expiry.Duration toJCache(java.time.Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000L == 0) {
      return new javax.cache.expiry.Duration(TimeUnit.DAYS, millis / 86_400_000L);
    }
    if (millis % 3_600_000L == 0) {
      return new javax.cache.expiry.Duration(TimeUnit.HOURS, millis / 3_600_000L);
    }
    if (millis % 60_000L == 0) {
      return new javax.cache.expiry.Duration(TimeUnit.MINUTES, millis / 60_000L);
    }
    if (millis % 1_000L == 0) {
      return new javax.cache.expiry.Duration(TimeUnit.SECONDS, millis / 1_000L);
    }
    return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, millis);
  }
}
