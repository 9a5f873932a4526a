package dev.nearcache.jcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.TcpRelay;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The lease under a stall (docs/consistency.md, guarantee 4): node S reaches Redis through a {@link
 * TcpRelay} that stops forwarding both ways without closing anything, while node W keeps writing.
 * No error reaches S's near tier during the stall (pub/sub goes quiet, commands just wait for their
 * timeout, here 10 s, far longer than the lease), yet S must not serve a value that an acknowledged
 * write replaced more than the lease (+ the coarse clock's step) ago. Every read S makes is checked
 * against every write W acknowledged.
 */
class StalledConnectionTest {
  static final long INTERVAL_MILLIS = 100;
  static final long LEASE_MILLIS = 2 * INTERVAL_MILLIS;

  /** The coarse clock's step (S in the docs). */
  static final long STEP_MILLIS = 10;

  /**
   * How late the coarse clock's thread may wake on a loaded two-core machine (it sleeps 10 ms a
   * tick); the bound is judged by that clock, so a late tick serves a little longer.
   */
  static final long SCHEDULING_ALLOWANCE_MILLIS = 40;

  static final long BOUND_MILLIS = LEASE_MILLIS + STEP_MILLIS + SCHEDULING_ALLOWANCE_MILLIS;
  static final int KEYS = 20;

  static Properties node(String address) {
    Properties p = new Properties();
    p.setProperty("redis.address", address);
    p.setProperty("redis.timeout", "10s");
    p.setProperty("defaults.near-cache.reconciliation-interval", INTERVAL_MILLIS + "ms");
    return p;
  }

  record Read(int key, long version, long startNanos) {}

  @Test
  void aStalledNodeServesNothingOlderThanTheLease() throws Exception {
    try (RedisServer server = RedisServer.start();
        TcpRelay relay = TcpRelay.to(server)) {
      CacheManager stalledNode =
          new NearCachingProvider()
              .getCacheManager(
                  URI.create("urn:stalled-s"), getClass().getClassLoader(), node(relay.uri()));
      CacheManager writerNode =
          new NearCachingProvider()
              .getCacheManager(
                  URI.create("urn:stalled-w"), getClass().getClassLoader(), node(server.uri()));
      try {
        MutableConfiguration<Integer, Long> config =
            new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class);
        Cache<Integer, Long> w = writerNode.createCache("stall", config);
        Cache<Integer, Long> s = stalledNode.createCache("stall", config);
        for (int k = 0; k < KEYS; k++) {
          w.put(k, 0L);
          assertEquals(0L, s.get(k));
        }
        int maxVersions = 20_000;
        // {key, version, when acknowledged}
        List<long[]> acks = new ArrayList<>();
        // The newest version of each key acknowledged so far. The reader keeps only the reads that
        // returned an older version than that (the candidates for staleness, checked against every
        // acknowledgment at the end): keeping all of them (millions of objects in a few seconds)
        // made the test's own garbage the load, and a collector busy with it kept the near tier's
        // coarse clock from ticking (in one CI run a read was served 707 ms after the newer write,
        // against a 250 ms bound).
        AtomicLongArray newestAcked = new AtomicLongArray(KEYS);
        AtomicLong readsChecked = new AtomicLong();
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong readFailures = new AtomicLong();

        Thread writer =
            new Thread(
                () -> {
                  long version = 0;
                  while (!stop.get() && version < maxVersions) {
                    version++;
                    for (int k = 0; k < KEYS && !stop.get(); k++) {
                      w.put(k, version);
                      long acked = System.nanoTime();
                      synchronized (acks) {
                        acks.add(new long[] {k, version, acked});
                      }
                      newestAcked.set(k, version);
                    }
                    sleepMillis(5);
                  }
                },
                "stall-writer");
        Thread reader =
            new Thread(
                () -> {
                  int k = 0;
                  while (!stop.get()) {
                    k = (k + 1) % KEYS;
                    long start = System.nanoTime();
                    try {
                      Long v = s.get(k);
                      if (v != null) {
                        readsChecked.incrementAndGet();
                        // A read is stale only if a newer version was acknowledged before it
                        // began; the writer publishes each version right after timing its
                        // acknowledgment, so a version acknowledged more than the bound before
                        // this read is published by now.
                        if (v < newestAcked.get(k)) {
                          reads.add(new Read(k, v, start));
                        }
                      }
                    } catch (RuntimeException e) {
                      readFailures.incrementAndGet();
                    }
                  }
                },
                "stall-reader");
        writer.start();
        reader.start();
        sleepMillis(500);
        for (int round = 0; round < 2; round++) {
          relay.stall();
          sleepMillis(1_500);
          relay.release();
          sleepMillis(700);
        }
        stop.set(true);
        writer.join(15_000);
        reader.join(15_000);

        // For each read of version v: when version v + 1 of its key was acknowledged (the earliest
        // newer one: versions of a key are acknowledged in order by the one writer thread).
        List<long[]> acked;
        synchronized (acks) {
          acked = new ArrayList<>(acks);
        }
        long[][] firstAckAbove = new long[KEYS][];
        for (int k = 0; k < KEYS; k++) {
          firstAckAbove[k] = new long[maxVersions + 2];
          java.util.Arrays.fill(firstAckAbove[k], Long.MAX_VALUE);
        }
        for (long[] a : acked) {
          firstAckAbove[(int) a[0]][(int) a[1] - 1] = a[2];
        }
        long maxStaleNanos = 0;
        long violations = 0;
        Read worst = null;
        for (Read r : reads) {
          long newerAck = firstAckAbove[r.key()][(int) r.version()];
          if (newerAck != Long.MAX_VALUE && r.startNanos() > newerAck) {
            long stale = r.startNanos() - newerAck;
            if (stale > maxStaleNanos) {
              maxStaleNanos = stale;
              worst = r;
            }
            if (stale > BOUND_MILLIS * 1_000_000L) {
              violations++;
            }
          }
        }
        long leaseExpiries = s.unwrap(RedisCache.class).nearCacheMetrics().leaseExpiries();
        System.out.printf(
            "StalledConnectionTest: %d reads checked (%d failed), %d writes acknowledged, "
                + "max staleness %.1f ms (bound %d ms = lease %d + step %d + allowance %d), violations %d, "
                + "lease expiries on failure %d%n",
            readsChecked.get(),
            readFailures.get(),
            acked.size(),
            maxStaleNanos / 1e6,
            BOUND_MILLIS,
            LEASE_MILLIS,
            STEP_MILLIS,
            SCHEDULING_ALLOWANCE_MILLIS,
            violations,
            leaseExpiries);
        assertTrue(readsChecked.get() > 1000 && acked.size() > 100, "the workload ran");
        assertEquals(
            0,
            violations,
            "reads older than the lease bound; worst "
                + worst
                + " stale "
                + maxStaleNanos / 1e6
                + " ms");
        // After the stalls the node serves near hits again (the lease is renewed).
        for (int k = 0; k < KEYS; k++) {
          assertEquals(w.get(k), s.get(k));
        }
      } finally {
        stalledNode.close();
        writerNode.close();
      }
    }
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
