package dev.nearcache.jcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.serialization.Codecs;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.testing.RedisSentinelSetup;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.TcpRelay;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A real Sentinel failover under two provider nodes with near tiers on ({@link RedisSentinelSetup}:
 * master, replica, three sentinels). Before the failover, the replica follows the master through a
 * relay that is then stalled, so that writes the master acknowledges never reach the replica: the
 * writes a failover loses to asynchronous replication, made certain instead of left to luck. Both
 * nodes hold those lost values in their near tiers (the writer its own writes, the other the values
 * their change messages carried). Then the master is killed, or stopped (SIGSTOP) until the replica
 * is promoted and continued (it rejoins as a replica).
 *
 * <p>Checked: the provider follows the new master (writes succeed again); and from the moment a
 * node can write to the new master, plus the bound (reconciliation interval + a round trip), every
 * read on either node agrees with what the new master holds, read past the provider with RespClient
 * — no node serves a value the new master lost.
 */
class SentinelFailoverTest {
  static final Duration INTERVAL = Duration.ofMillis(200);

  /** The bound: the interval plus a round trip, generous for a loaded two-core machine. */
  static final long BOUND_MILLIS = INTERVAL.toMillis() + 100;

  static final int KEYS = 32;
  static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

  enum Fault {
    KILL,
    PAUSE
  }

  @Test
  void afterAKilledMasterFailsOverNoNodeServesWritesTheNewMasterLost() throws Exception {
    run(Fault.KILL);
  }

  @Test
  void afterAPausedMasterFailsOverAndRejoinsAsReplicaNoNodeServesWritesTheNewMasterLost()
      throws Exception {
    run(Fault.PAUSE);
  }

  static CacheManager node(RedisSentinelSetup redis, String name) {
    Properties p = new Properties();
    p.setProperty("redis.mode", "sentinel");
    p.setProperty("redis.addresses", String.join(",", redis.sentinelUris()));
    p.setProperty("redis.master-name", RedisSentinelSetup.MASTER_NAME);
    p.setProperty("redis.timeout", "1s");
    p.setProperty("defaults.near-cache.reconciliation-interval", INTERVAL.toMillis() + "ms");
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:sentinel-" + name + "-" + System.nanoTime()),
            SentinelFailoverTest.class.getClassLoader(),
            p);
  }

  private void run(Fault fault) throws Exception {
    try (RedisSentinelSetup redis = RedisSentinelSetup.start();
        TcpRelay replication = TcpRelay.to(redis.master());
        CacheManager nodeA = node(redis, "a");
        CacheManager nodeB = node(redis, "b")) {
      MutableConfiguration<String, String> config =
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setStatisticsEnabled(true);
      String name = "failover-" + fault.name().toLowerCase(Locale.ROOT);
      Cache<String, String> a = nodeA.createCache(name, config);
      Cache<String, String> b = nodeB.createCache(name, config);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        keys.add("k" + i);
        a.put("k" + i, "kept-" + i);
      }
      for (String key : keys) {
        awaitNearHit(a, key);
        awaitNearHit(b, key);
      }

      // Writes the master acknowledges and the replica never gets; both nodes hold them near.
      redis.replicateThrough(replication);
      replication.stall();
      for (int i = 0; i < KEYS; i += 2) {
        a.put("k" + i, "lost-" + i);
      }
      for (int i = 0; i < KEYS; i += 2) {
        awaitNearHitOf(a, "k" + i, "lost-" + i);
        awaitNearHitOf(b, "k" + i, "lost-" + i);
      }

      long faultAt = System.nanoTime();
      RedisServer old = fault == Fault.KILL ? redis.killMaster() : redis.pauseMaster();
      RedisServer promoted = redis.awaitFailover(old, FAILOVER_TIMEOUT);
      long failedOverAt = System.nanoTime();
      replication.cutAll();
      if (fault == Fault.PAUSE) {
        redis.resume(old);
      }

      KeyEncoder keyEncoder =
          new KeyEncoder(
              nodeA
                  .unwrap(RedisCacheManager.class)
                  .settings()
                  .codec()
                  .withClassLoader(getClass().getClassLoader()));
      StoredValues stored =
          StoredValues.of(
              a,
              keyEncoder,
              Codecs.create(
                  nodeA
                      .unwrap(RedisCacheManager.class)
                      .settings()
                      .codec()
                      .withClassLoader(getClass().getClassLoader())));
      long writableA = awaitWritable(a, "probe-a", stored, promoted);
      long writableB = awaitWritable(b, "probe-b", stored, promoted);
      long writable = Math.max(writableA, writableB);
      Map<String, Object> truth = new LinkedHashMap<>();
      for (String key : keys) {
        truth.put(key, stored.read(promoted, key));
      }
      assertEquals(
          "kept-0",
          truth.get("k0"),
          "the new master lost the write held in the relay (else nothing is tested)");
      assertEquals("kept-1", truth.get("k1"), "the new master holds what was replicated");

      // Read on both nodes until the old master has rejoined (pause) or for 3 s, comparing with the
      // truth.
      List<String> late = new ArrayList<>();
      List<String> early = new ArrayList<>();
      long lastMismatchMillis = -1;
      int reads = 0;
      long checkUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      boolean rejoined = fault == Fault.KILL;
      List<String> timeline = new ArrayList<>();
      String lastClears = "";
      while (System.nanoTime() < checkUntil || !rejoined) {
        String clears =
            "A "
                + nonZero(metrics(a).clearsByCause())
                + " B "
                + nonZero(metrics(b).clearsByCause());
        if (!clears.equals(lastClears)) {
          timeline.add(ms(System.nanoTime() - writable) + " ms: " + clears);
          lastClears = clears;
        }
        for (String key : keys) {
          for (Cache<String, String> cache : List.of(a, b)) {
            long startedAt = System.nanoTime();
            long nearHits = metrics(cache).nearHits();
            String served = cache.get(key);
            boolean near = metrics(cache).nearHits() > nearHits;
            reads++;
            if (!Objects.equals(truth.get(key), served)) {
              long sinceWritable = TimeUnit.NANOSECONDS.toMillis(startedAt - writable);
              lastMismatchMillis = Math.max(lastMismatchMillis, sinceWritable);
              String what =
                  (cache == a ? "A" : "B")
                      + " read "
                      + key
                      + " = "
                      + served
                      + (near ? " (near hit)" : "")
                      + " (new master: "
                      + truth.get(key)
                      + ") "
                      + sinceWritable
                      + " ms after it could write";
              (sinceWritable > BOUND_MILLIS ? late : early).add(what);
            }
          }
        }
        if (!rejoined) {
          rejoined = isReplicaOf(old, promoted);
          if (rejoined) {
            checkUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
          }
        }
        Thread.sleep(5);
      }

      // Writes go on: each node sees the other's.
      a.put("k0", "after-0");
      b.put("k1", "after-1");
      awaitValue(b, "k0", "after-0");
      awaitValue(a, "k1", "after-1");

      System.out.printf(
          "SentinelFailoverTest %s: failover took %d ms after the fault; writable on A %d ms, on B %d ms"
              + " after the sentinels named the new master; %d reads checked, %d later than %d ms after writable;"
              + " last disagreement with the new master %s; clears A %s, B %s%n",
          fault,
          ms(failedOverAt - faultAt),
          ms(writableA - failedOverAt),
          ms(writableB - failedOverAt),
          reads,
          late.size(),
          BOUND_MILLIS,
          lastMismatchMillis < 0 ? "none" : lastMismatchMillis + " ms after writable",
          metrics(a).clearsByCause(),
          metrics(b).clearsByCause());
      System.out.println("  clears after writable: " + timeline);
      if (!late.isEmpty()) {
        System.out.println("  late: " + late.size() + ", last: " + late.get(late.size() - 1));
      }
      if (!early.isEmpty()) {
        System.out.println(
            "  within the bound ("
                + early.size()
                + "): "
                + early.subList(0, Math.min(6, early.size())));
      }
      assertTrue(
          late.isEmpty(),
          late.size()
              + " reads disagreed with the new master later than the bound; first: "
              + late.subList(0, Math.min(10, late.size())));
    }
  }

  static Map<?, Long> nonZero(Map<?, Long> counts) {
    Map<Object, Long> out = new LinkedHashMap<>();
    counts.forEach(
        (k, v) -> {
          if (v != 0) {
            out.put(k, v);
          }
        });
    return out;
  }

  static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  static NearCacheMetrics metrics(Cache<?, ?> cache) {
    return cache.unwrap(RedisCache.class).nearCacheMetrics();
  }

  static boolean isReplicaOf(RedisServer server, RedisServer master) {
    try (var client = server.client()) {
      Map<String, String> info = client.info("replication");
      return "slave".equals(info.get("role"))
          && Integer.toString(master.port()).equals(info.get("master_port"))
          && "up".equals(info.get("master_link_status"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Retries a write until one lands on {@code promoted}; returns when (System.nanoTime()). Success
   * alone is not enough: a continued old master accepts writes as a master until Sentinel turns it
   * into a replica, and a client that has not noticed the failover yet still writes there.
   */
  static long awaitWritable(
      Cache<String, String> cache, String key, StoredValues stored, RedisServer promoted)
      throws InterruptedException {
    long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
    Throwable last = null;
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String value = "x" + attempt;
      try {
        cache.put(key, value);
        if (value.equals(stored.read(promoted, key))) {
          return System.nanoTime();
        }
        last =
            new AssertionError(
                "the write succeeded but did not reach the new master " + promoted.uri());
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "cache "
            + cache.getName()
            + " could not write to the new master within "
            + FAILOVER_TIMEOUT.toSeconds()
            + " s of the failover",
        last);
  }

  static void awaitNearHit(Cache<String, String> cache, String key) throws InterruptedException {
    awaitNearHitOf(cache, key, null);
  }

  /** Reads until a read is a near hit (and, when expected is given, returns it). */
  static void awaitNearHitOf(Cache<String, String> cache, String key, String expected)
      throws InterruptedException {
    NearCacheMetrics m = metrics(cache);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      long hits = m.nearHits();
      String value = cache.get(key);
      if (m.nearHits() > hits && (expected == null || expected.equals(value))) {
        return;
      }
      Thread.sleep(2);
    }
    throw new AssertionError(
        "'"
            + key
            + "' was not served from the near tier"
            + (expected == null ? "" : " as " + expected)
            + " within 5 s");
  }

  static void awaitValue(Cache<String, String> cache, String key, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!expected.equals(cache.get(key)) && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(expected, cache.get(key), key + " within 5 s");
  }
}
