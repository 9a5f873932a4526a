package dev.nearcache.jcache;

import dev.nearcache.jcache.internal.redis.RedisStore;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns a cache's {@link ExpiryPolicy} into the TTL codes the scripts take (see {@link
 * RedisStore}).
 *
 * <p>The five policies of {@code javax.cache.expiry} give the same durations every time, so their
 * codes are computed once and every operation is one script call ({@link #fixed()}). Any other
 * policy is asked each time, and only the question that applies (creation, update or access), as
 * the specification requires: such caches plan a write first and commit it by version.
 */
final class ExpiryRules {
  private final ExpiryPolicy policy;
  private final boolean fixed;
  private final long create;
  private final long update;
  private final long access;

  ExpiryRules(ExpiryPolicy policy) {
    this.policy = policy;
    Class<?> type = policy.getClass();
    this.fixed =
        type == EternalExpiryPolicy.class
            || type == CreatedExpiryPolicy.class
            || type == AccessedExpiryPolicy.class
            || type == ModifiedExpiryPolicy.class
            || type == TouchedExpiryPolicy.class;
    if (fixed) {
      this.create = creationCode(policy.getExpiryForCreation());
      this.update = code(policy.getExpiryForUpdate());
      this.access = code(policy.getExpiryForAccess());
    } else {
      this.create = 0;
      this.update = 0;
      this.access = 0;
    }
  }

  ExpiryPolicy policy() {
    return policy;
  }

  /** True when the durations never change: every call can carry all codes at once. */
  boolean fixed() {
    return fixed;
  }

  /** The creation code; for a custom policy, asks it now. */
  long create() {
    if (fixed) {
      return create;
    }
    try {
      return creationCode(policy.getExpiryForCreation());
    } catch (RuntimeException e) {
      // The specification leaves this open; the reference implementation treats a failing policy
      // as "expire now", which never keeps a value the policy could not time.
      return 0;
    }
  }

  /** The update code; for a custom policy, asks it now. */
  long update() {
    if (fixed) {
      return update;
    }
    try {
      return code(policy.getExpiryForUpdate());
    } catch (RuntimeException e) {
      return RedisStore.UNCHANGED;
    }
  }

  /** The access code; for a custom policy, asks it now. */
  long access() {
    if (fixed) {
      return access;
    }
    try {
      return code(policy.getExpiryForAccess());
    } catch (RuntimeException e) {
      return RedisStore.UNCHANGED;
    }
  }

  /**
   * Access code for fixed policies, "unchanged" for custom ones (their access is asked after a
   * hit).
   */
  long accessForRead() {
    return fixed ? access : RedisStore.UNCHANGED;
  }

  private static long creationCode(Duration duration) {
    return duration == null ? RedisStore.ETERNAL : code(duration);
  }

  static long code(Duration duration) {
    if (duration == null) {
      return RedisStore.UNCHANGED;
    }
    if (duration.isEternal()) {
      return RedisStore.ETERNAL;
    }
    if (duration.isZero()) {
      return 0;
    }
    long millis =
        TimeUnit.MILLISECONDS.convert(duration.getDurationAmount(), duration.getTimeUnit());
    // A positive duration shorter than a millisecond still lets the entry exist for one.
    return Math.max(1, millis);
  }
}
