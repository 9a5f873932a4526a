package dev.nearcache.near;

import java.time.Duration;
import java.util.Objects;

/**
 * How one cache's near tier is shaped: whether it exists, how large it may grow, how long an
 * entry may live locally at most, how often the segments' sequence numbers are reconciled
 * against Redis, and up to which size a written value travels in its change message (so that
 * the other nodes' copies are replaced rather than dropped; 0 = never).
 */
public record NearCacheSettings(
    boolean enabled, long maximumSize, Duration maximumLocalLifetime, Duration reconciliationInterval,
    int propagateValuesUpTo) {

  /** The default of {@link #propagateValuesUpTo}: small values travel, large ones are re-read. */
  public static final int DEFAULT_PROPAGATE_VALUES_UP_TO = 4096;

  public static final NearCacheSettings DEFAULTS =
      new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofSeconds(1));

  public static final NearCacheSettings DISABLED =
      new NearCacheSettings(false, 0, Duration.ZERO, Duration.ofSeconds(1));

  /** With values up to {@link #DEFAULT_PROPAGATE_VALUES_UP_TO} bytes carried in change messages. */
  public NearCacheSettings(boolean enabled, long maximumSize, Duration maximumLocalLifetime, Duration reconciliationInterval) {
    this(enabled, maximumSize, maximumLocalLifetime, reconciliationInterval, DEFAULT_PROPAGATE_VALUES_UP_TO);
  }

  public NearCacheSettings {
    if (propagateValuesUpTo < 0) {
      throw new IllegalArgumentException("near-cache propagate-values-up-to must be >= 0, was " + propagateValuesUpTo);
    }
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
