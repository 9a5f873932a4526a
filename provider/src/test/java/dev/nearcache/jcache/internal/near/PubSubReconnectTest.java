package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Killing the pub/sub connections ({@code CLIENT KILL TYPE pubsub}) makes every segment resubscribe
 * and clear (docs/design.md, "Subscriptions"), and afterwards the node sees other nodes' writes
 * through the change feed again. Reconciliation is set to an hour so that only the subscriptions
 * can bring the node up to date: a node whose subscriptions did not come back would stay stale.
 */
class PubSubReconnectTest {
  static final long WAIT_NANOS = 20_000_000_000L;

  RedisServer server;
  CacheManager nodeA;
  CacheManager nodeB;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    nodeA = node("a");
    nodeB = node("b");
  }

  @AfterEach
  void stop() {
    nodeA.close();
    nodeB.close();
    server.close();
  }

  CacheManager node(String name) {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:pubsub-kill-" + name), PubSubReconnectTest.class.getClassLoader(), p);
  }

  static RedisCacheConfiguration<String, String> config() {
    RedisCacheConfiguration<String, String> c = new RedisCacheConfiguration<>();
    c.setTypes(String.class, String.class);
    c.setStatisticsEnabled(true); // the near tier counts reads while statistics are on
    c.setNearCache(
        new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofHours(1)));
    return c;
  }

  static void await(String what, BooleanSupplier condition, Object state)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what + "; " + state);
      }
      Thread.sleep(2);
    }
  }

  /** Waits until {@code a} serves {@code key} from its near tier (its segment is live again). */
  static void awaitNearHit(Cache<String, String> a, NearCacheMetrics m, String key, String expected)
      throws InterruptedException {
    await(
        "a near hit of " + key + " on node A",
        () -> {
          long hits = m.nearHits();
          String v = a.get(key);
          return expected.equals(v) && m.nearHits() > hits;
        },
        m);
  }

  @Test
  void killingThePubSubConnectionResubscribesClearsAndKeepsTheNodeCoherent() throws Exception {
    Cache<String, String> a = nodeA.createCache("killed", config());
    Cache<String, String> b = nodeB.createCache("killed", config());
    @SuppressWarnings(
        "unchecked") // a class literal is raw: RedisCacheConfiguration, not <String, String>
    int segments = a.getConfiguration(RedisCacheConfiguration.class).getSegments();
    NearCacheMetrics m = a.unwrap(RedisCache.class).nearCacheMetrics();

    b.put("k", "v1");
    awaitNearHit(a, m, "k", "v1");

    long subscribedBefore = m.clears(ClearCause.SUBSCRIBED);
    try (RespClient admin = server.client()) {
      Object killed = admin.call("CLIENT", "KILL", "TYPE", "pubsub");
      assertTrue(
          ((Number) killed).longValue() >= 2,
          "both nodes' pub/sub connections were killed: " + killed);
    }

    await(
        "every segment of node A to resubscribe and clear",
        () -> m.clears(ClearCause.SUBSCRIBED) >= subscribedBefore + segments,
        m);

    // The near copy from before the kill was dropped; once live again the node caches anew.
    awaitNearHit(a, m, "k", "v1");

    // Another node's write reaches node A through the change feed again.
    long invalidations = m.invalidationsReceived();
    b.put("k", "v2");
    await(
        "node A to receive B's change message", () -> m.invalidationsReceived() > invalidations, m);
    assertEquals("v2", a.get("k"), "node A must not stay stale after the resubscription");
    awaitNearHit(a, m, "k", "v2");

    // And repeatedly: every write is seen, none is missed.
    for (int i = 3; i < 20; i++) {
      long before = m.invalidationsReceived();
      b.put("k", "v" + i);
      await("message " + i, () -> m.invalidationsReceived() > before, m);
      assertEquals("v" + i, a.get("k"));
    }
    assertEquals(0, m.clears(ClearCause.RECONCILIATION));
  }

  @Test
  void writesMadeWhileUnsubscribedAreNotServedStaleAfterwards() throws Exception {
    Cache<String, String> a = nodeA.createCache("killed2", config());
    Cache<String, String> b = nodeB.createCache("killed2", config());
    @SuppressWarnings(
        "unchecked") // a class literal is raw: RedisCacheConfiguration, not <String, String>
    int segments = a.getConfiguration(RedisCacheConfiguration.class).getSegments();
    NearCacheMetrics m = a.unwrap(RedisCache.class).nearCacheMetrics();
    for (int i = 0; i < 50; i++) {
      b.put("k" + i, "old");
    }
    for (int i = 0; i < 50; i++) {
      assertEquals("old", a.get("k" + i));
    }
    long subscribedBefore = m.clears(ClearCause.SUBSCRIBED);
    try (RespClient admin = server.client()) {
      admin.call("CLIENT", "KILL", "TYPE", "pubsub");
    }
    // Written right after the kill: some of these messages are published while nobody listens.
    for (int i = 0; i < 50; i++) {
      b.put("k" + i, "new");
    }
    await(
        "every segment of node A to resubscribe",
        () -> m.clears(ClearCause.SUBSCRIBED) >= subscribedBefore + segments,
        m);
    for (int i = 0; i < 50; i++) {
      assertEquals("new", a.get("k" + i), "k" + i + " served stale after the resubscription");
    }
  }
}
