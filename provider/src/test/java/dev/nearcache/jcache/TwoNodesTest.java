package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes (managers with their own connections) over one Redis see each other's writes. */
class TwoNodesTest {
  static RedisFixture redis;
  static CacheManager nodeA;
  static CacheManager nodeB;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    // Near tier off: this test is about the Redis tier, where a write is visible to every node as
    // soon as it is acknowledged. With the near tier on, other nodes see it once the change
    // message arrives (NearCacheBasicsTest, CoherenceCheckerTest).
    java.util.Properties p = redis.properties();
    p.setProperty("defaults.near-cache.enabled", "false");
    nodeA =
        new NearCachingProvider()
            .getCacheManager(
                java.net.URI.create("urn:test-a"), TwoNodesTest.class.getClassLoader(), p);
    nodeB =
        new NearCachingProvider()
            .getCacheManager(
                java.net.URI.create("urn:test-b"), TwoNodesTest.class.getClassLoader(), p);
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @Test
  void writesOfOneNodeAreReadByTheOther() {
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    Cache<String, String> a = nodeA.createCache("shared", config);
    Cache<String, String> b = nodeB.createCache("shared", config);

    a.put("k1", "v1");
    assertEquals("v1", b.get("k1"));
    b.put("k1", "v2");
    assertEquals("v2", a.get("k1"));
    assertTrue(b.replace("k1", "v2", "v3"));
    assertEquals("v3", a.get("k1"));
    assertTrue(a.remove("k1"));
    assertNull(b.get("k1"));
    assertFalse(b.containsKey("k1"));

    Integer length =
        a.invoke(
            "counter",
            (entry, args) -> {
              entry.setValue("x");
              return entry.getValue().length();
            });
    assertEquals(1, length);
    assertEquals("x", b.get("counter"));
  }

  @Test
  void entryProcessorsAreAtomicAcrossNodes() throws Exception {
    MutableConfiguration<String, Long> config =
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
    Cache<String, Long> a = nodeA.createCache("counters", config);
    Cache<String, Long> b = nodeB.createCache("counters", config);
    int perThread = 200;
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      Cache<String, Long> cache = t % 2 == 0 ? a : b;
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  cache.invoke(
                      "n",
                      (entry, args) -> {
                        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
                        return null;
                      });
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals((long) perThread * threads.length, a.get("n"));
  }
}
