package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.internal.redis.LayoutGuard;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * One layout, always (docs/consistency.md, "Lost metadata"): when a cache's metadata key vanishes
 * while nodes use the cache (FLUSHALL, eviction under allkeys-lru, destroyCache on another node),
 * the nodes that were running re-create it with the segment count they agreed on, so a node that
 * opens the cache later adopts that count; and if another node re-created it first with its own
 * count, the running nodes refuse the cache with an error naming both layouts instead of splitting
 * it silently. Real redis-servers; nodes of 4 and 16 segments.
 */
class LayoutGuardTest {
  private static final long WAIT_MILLIS = 4 * LayoutGuard.INTERVAL_MILLIS;

  private static CacheManager node(RedisServer server, String name, int segments) {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    p.setProperty("defaults.segments", Integer.toString(segments));
    p.setProperty("defaults.near-cache.reconciliation-interval", "200ms");
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:layout-" + name), LayoutGuardTest.class.getClassLoader(), p);
  }

  private static Cache<String, String> open(CacheManager manager, String name) {
    Cache<String, String> cache = manager.getCache(name);
    return cache != null
        ? cache
        : manager.createCache(
            name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static int segments(Cache<?, ?> cache) {
    return cache.unwrap(RedisCache.class).store().layout().segments();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail(what + " did not happen within " + WAIT_MILLIS + " ms");
      }
      Thread.sleep(20);
    }
  }

  private static boolean metaExists(RespClient admin, String cache) {
    return ((Number) admin.call("EXISTS", "nc:{" + cache + "}m")).longValue() == 1;
  }

  /** Writes on one node and reads on the other, both ways: the two see one cache. */
  private static void assertOneCache(Cache<String, String> a, Cache<String, String> b) {
    for (int i = 0; i < 40; i++) {
      a.put("a" + i, "from-a-" + i);
      b.put("b" + i, "from-b-" + i);
    }
    for (int i = 0; i < 40; i++) {
      assertEquals("from-a-" + i, b.get("a" + i), "b reads a's write of a" + i);
      assertEquals("from-b-" + i, a.get("b" + i), "a reads b's write of b" + i);
    }
  }

  @Test
  void afterFlushAllTheRunningNodesRecreateTheirLayoutAndALaterNodeAdoptsIt() throws Exception {
    try (RedisServer server = RedisServer.start();
        RespClient admin = server.client()) {
      CacheManager four = node(server, "flush-4", 4);
      CacheManager sixteen = node(server, "flush-16", 16);
      try {
        Cache<String, String> a = open(four, "flushed");
        a.put("k", "v");
        admin.flushAll();
        await("the running node re-creating the metadata", () -> metaExists(admin, "flushed"));
        Cache<String, String> b = open(sixteen, "flushed");
        assertEquals(
            4, segments(b), "a node configured with 16 adopts the layout the running nodes use");
        assertNull(b.get("k"), "flushed");
        assertOneCache(a, b);
      } finally {
        sixteen.close();
        four.close();
      }
    }
  }

  @Test
  void aNodeWhoseLayoutWasReplacedRefusesTheCacheNamingBothAndServesNothing() throws Exception {
    try (RedisServer server = RedisServer.start();
        RespClient admin = server.client()) {
      CacheManager four = node(server, "replaced-4", 4);
      CacheManager sixteen = node(server, "replaced-16", 16);
      try {
        Cache<String, String> a = open(four, "replaced");
        a.put("k", "v");
        assertEquals("v", a.get("k"));
        // Another node re-created the metadata with its own count before this one could (the
        // race after a FLUSHALL or a destroyCache): simulated exactly, so the test does not
        // depend on who wins the race.
        admin.flushAll();
        Cache<String, String> b = open(sixteen, "replaced");
        if (segments(b) == 4) {
          // The running node won the race: nothing is split, which is the other correct outcome.
          System.out.println("LayoutGuardTest: the running node re-created the metadata first");
          assertOneCache(a, b);
          return;
        }
        b.put("k", "from-16");
        await(
            "the 4-segment node refusing the cache",
            () -> {
              try {
                a.put("probe", "x");
                return false;
              } catch (CacheException e) {
                return true;
              }
            });
        CacheException e = assertThrows(CacheException.class, () -> a.get("k"));
        assertTrue(
            e.getMessage().contains("uses 4 segments")
                && e.getMessage().contains("now says 16")
                && e.getMessage().contains("nc:{replaced}m"),
            e.getMessage());
        assertThrows(CacheException.class, () -> a.put("k", "from-4"));
        assertEquals("from-16", b.get("k"), "the refused node's write did not happen");

        // Reopening adopts the layout in Redis, and the two see one cache again.
        a.close();
        Cache<String, String> reopened = open(four, "replaced");
        assertEquals(16, segments(reopened));
        assertEquals("from-16", reopened.get("k"));
        assertOneCache(reopened, b);
      } finally {
        sixteen.close();
        four.close();
      }
    }
  }

  @Test
  void aRefusedNodeServesAgainWhenTheMetadataAgreesAgain() throws Exception {
    try (RedisServer server = RedisServer.start();
        RespClient admin = server.client()) {
      CacheManager four = node(server, "agree-4", 4);
      try {
        Cache<String, String> a = open(four, "agree");
        a.put("k", "v");
        admin.call("HSET", "nc:{agree}m", "segments", "16");
        await("refusal", () -> a.unwrap(RedisCache.class).store().refusal() != null);
        assertThrows(CacheException.class, () -> a.get("k"));
        admin.call("HSET", "nc:{agree}m", "segments", "4");
        await("serving again", () -> a.unwrap(RedisCache.class).store().refusal() == null);
        assertEquals("v", a.get("k"));
      } finally {
        four.close();
      }
    }
  }

  @Test
  void destroyCacheWhileAnotherNodeWritesNeverSplitsTheCache() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      CacheManager destroyer = node(server, "destroy-a", 4);
      CacheManager writer = node(server, "destroy-b", 4);
      CacheManager late = node(server, "destroy-c", 16);
      try {
        open(destroyer, "destroyed").put("k", "v");
        Cache<String, String> b = open(writer, "destroyed");
        destroyer.destroyCache("destroyed");
        b.put("k", "after-destroy");
        Cache<String, String> c = open(late, "destroyed");
        if (segments(c) == 4) {
          System.out.println(
              "LayoutGuardTest: the writer re-created the metadata before the late node opened the cache");
          assertOneCache(b, c);
        } else {
          // The late node re-created the metadata first: the writer must refuse, not split.
          await(
              "the writer refusing the cache",
              () -> b.unwrap(RedisCache.class).store().refusal() != null);
          assertThrows(CacheException.class, () -> b.put("k", "split?"));
        }
      } finally {
        late.close();
        writer.close();
        destroyer.close();
      }
    }
  }

  @Test
  void metadataEvictedUnderAllKeysLruIsRecreatedWithTheRunningLayout() throws Exception {
    try (RedisServer server =
            RedisServer.start("--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru");
        RespClient admin = server.client()) {
      CacheManager four = node(server, "evict-4", 4);
      CacheManager sixteen = node(server, "evict-16", 16);
      try {
        Cache<String, String> a = open(four, "evicted");
        a.put("k", "v");
        // Fill memory with other keys until Redis evicts the metadata key.
        String filler = "x".repeat(8 * 1024);
        int written = 0;
        while (metaExists(admin, "evicted")) {
          admin.call("SET", "filler:" + written, filler);
          written++;
          if (written > 200_000) {
            fail("Redis never evicted the metadata key");
          }
        }
        await(
            "the running node re-creating the evicted metadata",
            () -> metaExists(admin, "evicted"));
        Cache<String, String> b = open(sixteen, "evicted");
        assertEquals(4, segments(b), "the layout survives eviction of its metadata");
        admin.flushAll(); // room for the check below
        await("metadata again", () -> metaExists(admin, "evicted"));
        assertOneCache(a, b);
      } finally {
        sixteen.close();
        four.close();
      }
    }
  }
}
