package dev.nearcache.near;

import java.time.Duration;
import java.util.Objects;

/**
 * How one cache's near tier is shaped: whether it exists, how large it may grow, how long an entry
 * may live locally at most, how often the segments' sequence numbers are reconciled against Redis,
 * up to which size a written value travels in its change message (so that the other nodes' copies
 * are replaced rather than dropped; 0 = never), and the lease: how long a reconciliation that found
 * nothing missing lets a segment serve without another confirmation.
 */
public record NearCacheSettings(
    boolean enabled,
    long maximumSize,
    Duration maximumLocalLifetime,
    Duration reconciliationInterval,
    int propagateValuesUpTo,
    Duration lease) {

  /** The default of {@link #propagateValuesUpTo}: small values travel, large ones are re-read. */
  public static final int DEFAULT_PROPAGATE_VALUES_UP_TO = 4096;

  public static final NearCacheSettings DEFAULTS =
      new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofSeconds(1));

  public static final NearCacheSettings DISABLED =
      new NearCacheSettings(false, 0, Duration.ZERO, Duration.ofSeconds(1));

  /**
   * The default lease for a reconciliation interval: two intervals. A lease must outlast the
   * interval plus a round trip, or segments stop serving between two healthy reconciliations; twice
   * the interval leaves a whole interval for a slow round or a late timer on a loaded machine.
   */
  public static Duration defaultLease(Duration reconciliationInterval) {
    return reconciliationInterval.multipliedBy(2);
  }

  /** With values up to {@link #DEFAULT_PROPAGATE_VALUES_UP_TO} bytes carried in change messages. */
  public NearCacheSettings(
      boolean enabled,
      long maximumSize,
      Duration maximumLocalLifetime,
      Duration reconciliationInterval) {
    this(
        enabled,
        maximumSize,
        maximumLocalLifetime,
        reconciliationInterval,
        DEFAULT_PROPAGATE_VALUES_UP_TO);
  }

  /** With the {@linkplain #defaultLease default lease}. */
  public NearCacheSettings(
      boolean enabled,
      long maximumSize,
      Duration maximumLocalLifetime,
      Duration reconciliationInterval,
      int propagateValuesUpTo) {
    this(
        enabled,
        maximumSize,
        maximumLocalLifetime,
        reconciliationInterval,
        propagateValuesUpTo,
        defaultLease(Objects.requireNonNull(reconciliationInterval, "reconciliationInterval")));
  }

  public NearCacheSettings {
    if (propagateValuesUpTo < 0) {
      throw new IllegalArgumentException(
          "near-cache propagate-values-up-to must be >= 0, was " + propagateValuesUpTo);
    }
    Objects.requireNonNull(maximumLocalLifetime, "maximumLocalLifetime");
    Objects.requireNonNull(reconciliationInterval, "reconciliationInterval");
    Objects.requireNonNull(lease, "lease");
    if (maximumSize < 0) {
      throw new IllegalArgumentException(
          "near-cache maximum-size must be >= 0, was " + maximumSize);
    }
    if (maximumLocalLifetime.isNegative()) {
      throw new IllegalArgumentException("near-cache maximum-local-lifetime must not be negative");
    }
    if (reconciliationInterval.isNegative() || reconciliationInterval.isZero()) {
      throw new IllegalArgumentException("near-cache reconciliation-interval must be positive");
    }
    if (lease.compareTo(reconciliationInterval) <= 0) {
      throw new IllegalArgumentException(
          "near-cache lease ("
              + lease.toMillis()
              + " ms) must be longer than reconciliation-interval ("
              + reconciliationInterval.toMillis()
              + " ms): a lease is renewed once per interval, so a shorter one would stop every segment"
              + " serving between two reconciliations");
    }
  }

  /** A copy with another lease. */
  public NearCacheSettings withLease(Duration newLease) {
    return new NearCacheSettings(
        enabled,
        maximumSize,
        maximumLocalLifetime,
        reconciliationInterval,
        propagateValuesUpTo,
        newLease);
  }
}
