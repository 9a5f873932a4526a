package dev.nearcache.jcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code redis.wait-for-replicas}: a master with one replica. Writes wait (Redis counts the WAIT
 * calls), reads do not, asking for more replicas than exist fails the write with a message that
 * says it was applied on the master anyway, and the cost of waiting is printed.
 */
class ReplicaWaitTest {
  static RedisServer master;
  static RedisServer replica;
  static RespClient admin;

  @BeforeAll
  static void start() {
    master = RedisServer.start();
    replica = RedisServer.start("--replicaof", RedisServer.HOST, Integer.toString(master.port()));
    admin = master.client();
    // Connected is not enough: WAIT counts only a replica past its initial sync (which Redis 7
    // delays 5 s for a diskless transfer).
    long deadline = System.currentTimeMillis() + 30_000;
    try (RespClient onReplica = replica.client()) {
      while (!"up".equals(onReplica.info("replication").get("master_link_status"))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "the replica did not sync: " + onReplica.info("replication"));
        }
        sleep(20);
      }
    }
  }

  @AfterAll
  static void stop() {
    admin.close();
    replica.close();
    master.close();
  }

  static CacheManager node(String name, String... settings) {
    Properties p = new Properties();
    p.setProperty("redis.address", master.uri());
    for (int i = 0; i < settings.length; i += 2) {
      p.setProperty(settings[i], settings[i + 1]);
    }
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:replica-wait-" + name + "-" + System.nanoTime()),
            ReplicaWaitTest.class.getClassLoader(),
            p);
  }

  static Cache<String, String> cache(CacheManager manager, String name) {
    return manager.createCache(
        name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  static long waits() {
    return admin.commandCalls("wait");
  }

  @Test
  void writesWaitForTheReplicaAndReadsDoNot() {
    try (CacheManager manager =
        node("one", "redis.wait-for-replicas", "1", "redis.wait-timeout", "2s")) {
      Cache<String, String> cache = cache(manager, "waits");
      long before = waits();
      cache.put("a", "1");
      cache.remove("a");
      cache.putAll(Map.of("b", "2", "c", "3", "d", "4"));
      assertTrue(
          waits() - before >= 3, "every write waited (WAIT calls: " + (waits() - before) + ")");
      try (RespClient onReplica = replica.client()) {
        // Acknowledged by the replica before the put returned: it holds the entry already.
        cache.put("e", "5");
        assertTrue(RespClient.asList(onReplica.call("KEYS", "nc:{waits#*}k*")).size() >= 4);
      }
      long beforeReads = waits();
      for (int i = 0; i < 20; i++) {
        cache.get("b");
        cache.get("missing-" + i);
        cache.containsKey("c");
      }
      assertEquals(beforeReads, waits(), "reads sent no WAIT");
    }
  }

  @Test
  void tooFewReplicasFailTheWriteButItWasAppliedOnTheMaster() {
    try (CacheManager manager =
            node("two", "redis.wait-for-replicas", "2", "redis.wait-timeout", "50ms");
        CacheManager reader = node("reader")) {
      Cache<String, String> cache = cache(manager, "too-few");
      CacheException e = assertThrows(CacheException.class, () -> cache.put("k", "v"));
      assertTrue(
          e.getMessage()
              .contains(
                  "Cache 'too-few': the write WAS applied on the master, but only 1 of 2 replicas"
                      + " confirmed it within 50 ms"),
          e.getMessage());
      assertEquals("v", cache(reader, "too-few").get("k"), "the write is in Redis");
      assertThrows(CacheException.class, () -> cache.putAll(Map.of("x", "1", "y", "2")));
      assertEquals("1", reader.getCache("too-few", String.class, String.class).get("x"));
    }
  }

  /** The cost of waiting, printed (not asserted: a shared two-core machine). */
  @Test
  void measuresTheCostOfWaiting() {
    int puts = 2000;
    try (CacheManager plain = node("plain");
        CacheManager waiting =
            node("waiting", "redis.wait-for-replicas", "1", "redis.wait-timeout", "2s")) {
      Cache<String, String> p = cache(plain, "cost-plain");
      Cache<String, String> w = cache(waiting, "cost-waiting");
      long[] plainNanos = new long[puts];
      long[] waitingNanos = new long[puts];
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int i = 0; i < puts; i++) {
          long t0 = System.nanoTime();
          p.put("k" + i, "v" + i);
          long t1 = System.nanoTime();
          w.put("k" + i, "v" + i);
          long t2 = System.nanoTime();
          plainNanos[i] = t1 - t0;
          waitingNanos[i] = t2 - t1;
        }
      }
      System.out.printf(
          "ReplicaWaitTest: %d puts, one replica on loopback: median %.1f us without waiting,"
              + " %.1f us with redis.wait-for-replicas=1 (p90 %.1f / %.1f us)%n",
          puts,
          percentile(plainNanos, 50),
          percentile(waitingNanos, 50),
          percentile(plainNanos, 90),
          percentile(waitingNanos, 90));
    }
  }

  static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1000.0;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
