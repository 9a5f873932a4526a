package dev.nearcache.near;

import java.time.Duration;
import java.util.Objects;

/**
 * How one cache's near tier is shaped: whether it exists, how large it may grow, how long an
 * entry may live locally at most, and how often the segments' sequence numbers are reconciled
 * against Redis.
 */
public record NearCacheSettings(
    boolean enabled, long maximumSize, Duration maximumLocalLifetime, Duration reconciliationInterval) {

  public static final NearCacheSettings DEFAULTS =
      new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofSeconds(1));

  public static final NearCacheSettings DISABLED =
      new NearCacheSettings(false, 0, Duration.ZERO, Duration.ofSeconds(1));

  public NearCacheSettings {
    Objects.requireNonNull(maximumLocalLifetime, "maximumLocalLifetime");
    Objects.requireNonNull(reconciliationInterval, "reconciliationInterval");
    if (maximumSize < 0) {
      throw new IllegalArgumentException("near-cache maximum-size must be >= 0, was " + maximumSize);
    }
    if (maximumLocalLifetime.isNegative()) {
      throw new IllegalArgumentException("near-cache maximum-local-lifetime must not be negative");
    }
    if (reconciliationInterval.isNegative() || reconciliationInterval.isZero()) {
      throw new IllegalArgumentException("near-cache reconciliation-interval must be positive");
    }
  }
}
