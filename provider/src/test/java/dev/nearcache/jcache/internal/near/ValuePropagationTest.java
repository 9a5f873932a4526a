package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A write of a small value carries it in its change message: a node holding the key replaces its
 * copy and its next read is a near hit with the new value, not a round trip. Larger values, and
 * every value with {@code propagate-values-up-to: 0}, only invalidate.
 */
class ValuePropagationTest {
  static RedisServer server;
  static CacheManager a;
  static CacheManager b;

  /** Carries values of at most 16 bytes. */
  static CacheManager smallA;

  static CacheManager smallB;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    a = node("a", null);
    b = node("b", null);
    smallA = node("small-a", "16");
    smallB = node("small-b", "16");
  }

  static CacheManager node(String name, String upTo) {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    if (upTo != null) {
      p.setProperty("defaults.near-cache.propagate-values-up-to", upTo);
    }
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:propagation-" + name), ValuePropagationTest.class.getClassLoader(), p);
  }

  @AfterAll
  static void stop() {
    for (CacheManager m : new CacheManager[] {a, b, smallA, smallB}) {
      if (m != null) {
        m.close();
      }
    }
    server.close();
  }

  static MutableConfiguration<String, String> config() {
    return new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setStatisticsEnabled(true);
  }

  static NearCacheMetrics metrics(Cache<?, ?> cache) {
    return cache.unwrap(RedisCache.class).nearCacheMetrics();
  }

  static long remoteReads(NearCacheMetrics m) {
    return m.redisHits() + m.redisMisses();
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(1);
    }
  }

  /** One cache on two nodes; "k" written there and read here, so this node holds it. */
  record Pair(Cache<String, String> here, Cache<String, String> there, NearCacheMetrics m) {}

  static Pair holding(
      CacheManager hereNode,
      CacheManager thereNode,
      String name,
      MutableConfiguration<String, String> config) {
    Cache<String, String> here = hereNode.createCache(name, config);
    Cache<String, String> there = thereNode.createCache(name, config);
    there.put("k", "v1");
    assertEquals("v1", here.get("k"));
    return new Pair(here, there, metrics(here));
  }

  @Test
  void anotherNodesWriteReplacesTheCopyHereSoTheNextReadIsANearHit() throws Exception {
    Pair p = holding(a, b, "replaced", config());
    Cache<String, String> here = p.here();
    Cache<String, String> there = p.there();
    NearCacheMetrics m = p.m();
    for (int i = 2; i <= 20; i++) {
      long replaced = m.valuesReplaced();
      there.put("k", "v" + i);
      await(() -> m.valuesReplaced() > replaced, "the copy is replaced");
      long reads = remoteReads(m);
      long hits = m.nearHits();
      assertEquals("v" + i, here.get("k"));
      assertEquals(reads, remoteReads(m), "served here, no round trip");
      assertEquals(hits + 1, m.nearHits());
    }
    // A key this node never read is not added by another node's write.
    there.put("unread", "x");
    await(() -> m.invalidationsReceived() >= 21, "the message arrived");
    long reads = remoteReads(m);
    assertEquals("x", here.get("unread"));
    assertEquals(reads + 1, remoteReads(m));
  }

  @Test
  void aValueOverTheLimitOnlyInvalidates() throws Exception {
    Pair p = holding(smallA, smallB, "limit", config());
    Cache<String, String> here = p.here();
    Cache<String, String> there = p.there();
    NearCacheMetrics m = p.m();
    String large = "x".repeat(64);
    long messages = m.invalidationsReceived();
    there.put("k", large);
    await(() -> m.invalidationsReceived() > messages, "the message arrived");
    long reads = remoteReads(m);
    assertEquals(large, here.get("k"));
    assertEquals(reads + 1, remoteReads(m), "dropped and read again");
    assertEquals(0, m.valuesReplaced());

    // A small one still travels (16 bytes encoded at most: Kryo adds a byte or two).
    long replaced = m.valuesReplaced();
    there.put("k", "tiny");
    await(() -> m.valuesReplaced() > replaced, "the copy is replaced");
    assertEquals("tiny", here.get("k"));
  }

  @Test
  void aCarriedValueKeepsTheExpiryTheWriteGaveIt() throws Exception {
    MutableConfiguration<String, String> expiring =
        config()
            .setExpiryPolicyFactory(
                ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 400)));
    Pair p = holding(a, b, "expiring", expiring);
    Cache<String, String> here = p.here();
    Cache<String, String> there = p.there();
    NearCacheMetrics m = p.m();
    long replaced = m.valuesReplaced();
    long written = System.nanoTime();
    there.put("k", "v2");
    await(() -> m.valuesReplaced() > replaced, "the copy is replaced");
    if (System.nanoTime() - written < TimeUnit.MILLISECONDS.toNanos(300)) {
      assertEquals("v2", here.get("k"));
    }
    Thread.sleep(500);
    assertNull(here.get("k"), "expired 400 ms after the write, here as in Redis");
  }
}
