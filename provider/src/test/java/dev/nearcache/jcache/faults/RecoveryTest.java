package dev.nearcache.jcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Recovery after a Redis outage (docs/consistency.md, "Faults"): Redis is killed, stays down for a
 * while and starts again on the same port; four threads keep reading and writing through it. From
 * the moment Redis accepts connections again, the first operation succeeds within {@value
 * #FIRST_SUCCESS_BOUND_MILLIS} ms and no operation started after that fails; the provider's threads
 * stay within their documented limits.
 */
class RecoveryTest {
  static final long FIRST_SUCCESS_BOUND_MILLIS = 200;
  static final int THREADS = 4;

  /** One operation: when it started and ended, whether it succeeded. */
  record Outcome(long startNanos, long nanos, boolean ok, String error) {}

  @Test
  void afterRedisRestartsOperationsSucceedAtOnceAndKeepSucceeding() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      Properties p = new Properties();
      p.setProperty("redis.address", server.uri());
      p.setProperty("redis.timeout", "1s");
      CacheManager manager =
          new NearCachingProvider()
              .getCacheManager(URI.create("urn:recovery"), getClass().getClassLoader(), p);
      try {
        Cache<Integer, Integer> cache =
            manager.createCache(
                "recovery",
                new MutableConfiguration<Integer, Integer>()
                    .setTypes(Integer.class, Integer.class));
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] workers = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
          int id = t;
          workers[t] =
              new Thread(
                  () -> {
                    int i = 0;
                    while (!stop.get()) {
                      int key = id * 1000 + (i++ % 50);
                      boolean ok;
                      String error = null;
                      long started = System.nanoTime();
                      try {
                        cache.put(key, i);
                        // A miss now and then: the near tier holds own writes, so also read another
                        // key.
                        cache.get(key + 500);
                        ok = true;
                      } catch (RuntimeException e) {
                        ok = false;
                        java.io.StringWriter trace = new java.io.StringWriter();
                        e.printStackTrace(new java.io.PrintWriter(trace));
                        error = trace.toString();
                      }
                      outcomes.add(new Outcome(started, System.nanoTime(), ok, error));
                      if (!ok) {
                        StalledConnectionTest.sleepMillis(5);
                      }
                    }
                  },
                  "recovery-worker-" + t);
          workers[t].start();
        }
        StalledConnectionTest.sleepMillis(500);
        int threadsBefore = Thread.activeCount();
        long killNanos = System.nanoTime();
        server.kill();
        StalledConnectionTest.sleepMillis(1_500);
        int threadsDuring = Thread.activeCount();
        server.startAgain();
        long upNanos = System.nanoTime();
        StalledConnectionTest.sleepMillis(2_000);
        int threadsAfter = Thread.activeCount();
        java.util.Map<String, Integer> names = new java.util.TreeMap<>();
        for (Thread th : Thread.getAllStackTraces().keySet()) {
          names.merge(th.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        System.out.println("RecoveryTest: threads after " + names);
        stop.set(true);
        for (Thread w : workers) {
          w.join(10_000);
        }

        long firstSuccess = -1;
        long failuresAfterFirstSuccess = 0;
        long okInFirstSecond = 0;
        long okBefore = 0;
        long beforeFrom = killNanos - 400_000_000L;
        long beforeTo = killNanos;
        for (Outcome o : outcomes) {
          if (o.nanos() >= beforeFrom && o.nanos() < beforeTo && o.ok()) {
            okBefore++;
          }
          if (o.nanos() < upNanos) {
            continue;
          }
          if (o.ok() && (firstSuccess < 0 || o.nanos() < firstSuccess)) {
            firstSuccess = o.nanos();
          }
        }
        for (Outcome o : outcomes) {
          // An operation sent while Redis was down may end after the first success (a write then
          // reaches Redis past its deadline and is refused): what counts is every operation
          // started after the first success.
          if (firstSuccess >= 0 && o.startNanos() > firstSuccess && !o.ok()) {
            if (failuresAfterFirstSuccess++ < 3) {
              System.out.println(
                  "RecoveryTest: failed "
                      + (o.nanos() - firstSuccess) / 1_000_000
                      + " ms after the first success: "
                      + o.error());
            }
          }
          if (o.ok()
              && o.nanos() >= upNanos + 1_000_000_000L
              && o.nanos() < upNanos + 2_000_000_000L) {
            okInFirstSecond++;
          }
        }
        long firstSuccessMillis = firstSuccess < 0 ? -1 : (firstSuccess - upNanos) / 1_000_000;
        System.out.printf(
            "RecoveryTest: first success %d ms after Redis accepted connections again; %d failures"
                + " after it; operations in the 400 ms before the outage %d, in the second second after %d; threads %d before,"
                + " %d during, %d after%n",
            firstSuccessMillis,
            failuresAfterFirstSuccess,
            okBefore,
            okInFirstSecond,
            threadsBefore,
            threadsDuring,
            threadsAfter);
        assertTrue(
            firstSuccess >= 0 && firstSuccessMillis <= FIRST_SUCCESS_BOUND_MILLIS,
            "first success " + firstSuccessMillis + " ms after Redis was up again");
        assertEquals(0, failuresAfterFirstSuccess, "operations failed after the first success");
        // The documented limits (docs/configuration.md, "Threads"): Netty I/O threads at most
        // Redisson's nettyThreads (32 unless redis.threads says otherwise; created as connections
        // are made, so reconnecting adds some), its executor at most its threads setting (16), one
        // timer, and the manager's scheduler.
        org.redisson.config.Config defaults = new org.redisson.config.Config();
        assertTrue(
            names.getOrDefault("redisson-netty-N-N", 0) <= defaults.getNettyThreads(),
            "Netty threads: " + names);
        assertTrue(
            names.getOrDefault("nearcache-redisson-N", 0) <= defaults.getThreads(),
            "executor threads: " + names);
        assertTrue(
            names.getOrDefault("nearcache-timer-urn:recovery-N", 0) <= 1,
            "scheduler threads: " + names);
        assertTrue(
            names.getOrDefault("redisson-timer-N-N", 0) <= 1, "Redisson timer threads: " + names);
      } finally {
        manager.close();
      }
    }
  }
}
