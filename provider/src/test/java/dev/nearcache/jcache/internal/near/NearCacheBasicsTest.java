package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The near tier is on by default, serves repeated reads locally and drops what other nodes change.
 */
class NearCacheBasicsTest {
  static RedisServer server;
  static CacheManager nodeA;
  static CacheManager nodeB;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    nodeA = node("a");
    nodeB = node("b");
  }

  static CacheManager node(String name) {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:near-" + name), NearCacheBasicsTest.class.getClassLoader(), p);
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    server.close();
  }

  @Test
  void repeatedReadsAreNearHitsAndOtherNodesWritesReplaceThem() throws Exception {
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setStatisticsEnabled(true); // near-tier read counters follow statistics
    Cache<String, String> a = nodeA.createCache("basics", config);
    Cache<String, String> b = nodeB.createCache("basics", config);
    NearCacheMetrics metricsA = a.unwrap(RedisCache.class).nearCacheMetrics();
    assertNotNull(metricsA, "the near tier is on by default");

    b.put("k", "v1");
    assertEquals("v1", a.get("k"));
    long before = metricsA.nearHits();
    for (int i = 0; i < 100; i++) {
      assertEquals("v1", a.get("k"));
    }
    assertEquals(before + 100, metricsA.nearHits());

    b.put("k", "v2");
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (!"v2".equals(a.get("k")) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals("v2", a.get("k"));
    assertTrue(metricsA.invalidationsReceived() > 0);

    // Own writes are read back without a round trip.
    a.put("own", "mine");
    long hits = metricsA.nearHits();
    assertEquals("mine", a.get("own"));
    assertEquals(hits + 1, metricsA.nearHits());
    assertEquals(0, metricsA.gapsDetected());
  }

  @Test
  void aBulkWriteOfAnotherNodeInvalidatesEveryKeyItWrote() throws Exception {
    MutableConfiguration<Integer, String> config =
        new MutableConfiguration<Integer, String>()
            .setTypes(Integer.class, String.class)
            .setStatisticsEnabled(true); // near-tier read counters follow statistics
    Cache<Integer, String> a = nodeA.createCache("bulk", config);
    Cache<Integer, String> b = nodeB.createCache("bulk", config);
    java.util.Map<Integer, String> first = new java.util.HashMap<>();
    java.util.Map<Integer, String> second = new java.util.HashMap<>();
    for (int i = 0; i < 500; i++) {
      first.put(i, "first-" + i);
      second.put(i, "second-" + i);
    }
    b.putAll(first);
    assertEquals(first, a.getAll(first.keySet()));
    assertEquals(first, a.getAll(first.keySet())); // now from a's near tier
    NearCacheMetrics metricsA = a.unwrap(RedisCache.class).nearCacheMetrics();
    b.putAll(second);
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (!second.equals(a.getAll(second.keySet())) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(second, a.getAll(second.keySet()));
    assertEquals(0, metricsA.gapsDetected(), "one sequence number per segment call: no gaps");
  }

  @Test
  void keysAGetAllReadFromRedisAreThenServedByTheNearTier() {
    MutableConfiguration<Integer, String> config =
        new MutableConfiguration<Integer, String>()
            .setTypes(Integer.class, String.class)
            .setStatisticsEnabled(true); // near-tier read counters follow statistics
    Cache<Integer, String> a = nodeA.createCache("getall-fills", config);
    Cache<Integer, String> b = nodeB.createCache("getall-fills", config);
    java.util.Map<Integer, String> data = new java.util.HashMap<>();
    for (int i = 0; i < 200; i++) {
      data.put(i, "v" + i);
    }
    b.putAll(data);
    NearCacheMetrics metricsA = a.unwrap(RedisCache.class).nearCacheMetrics();
    long redisHits = metricsA.redisHits();
    assertEquals(data, a.getAll(data.keySet()));
    assertEquals(redisHits + data.size(), metricsA.redisHits(), "the first getAll reads Redis");

    long nearHits = metricsA.nearHits();
    for (java.util.Map.Entry<Integer, String> e : data.entrySet()) {
      assertEquals(e.getValue(), a.get(e.getKey()));
    }
    assertEquals(
        nearHits + data.size(), metricsA.nearHits(), "every key the getAll read is a near hit now");
    assertEquals(data, a.getAll(data.keySet()));
    assertEquals(nearHits + 2L * data.size(), metricsA.nearHits());
    assertEquals(redisHits + data.size(), metricsA.redisHits(), "no further Redis reads");
  }
}
