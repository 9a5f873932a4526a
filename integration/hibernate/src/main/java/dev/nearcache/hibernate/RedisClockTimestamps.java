package dev.nearcache.hibernate;

import dev.nearcache.jcache.RedisCacheManager;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheManager;

/**
 * Hibernate's timestamps (milliseconds shifted left by 12 bits, the low bits counting stamps within
 * a millisecond, as Hibernate's {@code SimpleTimestamper}) taken from the Redis server's clock
 * instead of this JVM's. Transactions, soft locks, invalidations and the query cache's timestamps
 * region compare stamps made on different nodes; with every node reading Redis's clock ({@link
 * RedisCacheManager#serverTimeMillis()}), the comparison no longer depends on the nodes' clocks
 * agreeing, only on the estimate's error (a reply's latency). Stamps from one JVM only grow.
 */
final class RedisClockTimestamps {
  private static final int MILLIS_SHIFT = 12;

  private final AtomicLong last = new AtomicLong();
  private volatile RedisCacheManager clock;

  /**
   * Takes the clock from the region factory's cache manager (a cache manager of another provider,
   * handed in by the application, offers none: this JVM's clock is used, as Hibernate does).
   */
  void use(CacheManager manager) {
    clock = manager instanceof RedisCacheManager redis ? redis : null;
  }

  long next() {
    RedisCacheManager source = clock;
    long millis =
        source != null && !source.isClosed()
            ? source.serverTimeMillis()
            : System.currentTimeMillis();
    long base = millis << MILLIS_SHIFT;
    return last.accumulateAndGet(base, (previous, candidate) -> Math.max(previous + 1, candidate));
  }
}
