package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.near.NearCacheMetrics;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The totals meter registries read: counted while a handle is open whether or not JCache statistics
 * are on, exact, never reset by the statistics' clear, and kept out of the JCache view while
 * statistics are off. And the lifecycle listener that lets a binder follow caches created later.
 */
@Timeout(60)
class CacheCountsTest {
  static RedisFixture redis;
  static CacheManager manager;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    Properties p = redis.properties();
    manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:cache-counts"), CacheCountsTest.class.getClassLoader(), p);
  }

  @AfterAll
  static void stop() {
    manager.close();
    redis.close();
  }

  private static void work(Cache<String, String> cache) {
    cache.put("a", "1"); // put
    cache.get("a"); // near hit
    cache.get("a"); // near hit
    cache.get("missing"); // miss
    cache.remove("a"); // removal
  }

  @Test
  @SuppressWarnings("try") // the handles are held for their scope, never referenced
  void aHandleCountsWithStatisticsOffAndTheJCacheViewStaysEmpty() {
    Cache<String, String> cache =
        manager.createCache("counted", new MutableConfiguration<String, String>());
    RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
    CacheCounts counts = redisCache.counts();
    NearCacheMetrics near = redisCache.nearCacheMetrics();
    awaitServing(redisCache);

    work(cache);
    assertCounts(counts, 0, 0, 0, 0);
    assertEquals(0, near.nearHits(), "nothing counted without statistics or a handle");

    try (CacheCounts.Handle handle = redisCache.startCounting()) {
      work(cache);
      assertCounts(counts, 2, 1, 1, 1);
      assertEquals(2, near.nearHits());
      assertEquals(
          0,
          redisCache.statistics().getCacheHits(),
          "the JCache view stays empty while statistics are off");
    }
    work(cache);
    assertCounts(counts, 2, 1, 1, 1);
    assertEquals(2, near.nearHits(), "a closed handle stops the near tier's read counters too");

    manager.enableStatistics("counted", true);
    work(cache);
    assertCounts(counts, 4, 2, 2, 2);
    assertEquals(
        2,
        redisCache.statistics().getCacheHits(),
        "the JCache view counts from when it was enabled");
    redisCache.statistics().clear();
    assertEquals(0, redisCache.statistics().getCacheHits());
    assertCounts(counts, 4, 2, 2, 2);

    manager.enableStatistics("counted", false);
    try (CacheCounts.Handle handle = redisCache.startCounting()) {
      work(cache);
      assertEquals(0, redisCache.statistics().getCacheHits(), "frozen while off");
    }
    manager.enableStatistics("counted", true);
    assertEquals(
        0,
        redisCache.statistics().getCacheHits(),
        "what was counted for meters while off stays out");
    assertCounts(counts, 6, 3, 3, 3);
  }

  /**
   * The near tier serves once each segment's subscription and baseline read are confirmed
   * (asynchronously).
   */
  private static void awaitServing(RedisCache<?, ?> cache) {
    int segments = cache.counts() == null ? 0 : segmentsOf(cache);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (cache.nearSegmentsServing() < segments) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the near tier serves "
                + cache.nearSegmentsServing()
                + " of "
                + segments
                + " segments");
      }
      Thread.onSpinWait();
    }
  }

  @SuppressWarnings("unchecked")
  private static int segmentsOf(RedisCache<?, ?> cache) {
    return ((RedisCache<Object, Object>) cache)
        .getConfiguration(RedisCacheConfiguration.class)
        .getSegments();
  }

  private static void assertCounts(
      CacheCounts counts, long hits, long misses, long puts, long removals) {
    assertEquals(
        List.of(hits, misses, puts, removals, 0L),
        List.of(
            counts.hits(), counts.misses(), counts.puts(), counts.removals(), counts.evictions()),
        "hits, misses, puts, removals, evictions");
  }

  @Test
  void aLifecycleListenerHearsOfOpenCachesAtOnceAndOfLaterOnes() {
    Properties p = redis.properties();
    CacheManager own =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:cache-lifecycle"), CacheCountsTest.class.getClassLoader(), p);
    try {
      own.createCache("before", new MutableConfiguration<>());
      List<String> heard = new ArrayList<>();
      own.unwrap(RedisCacheManager.class)
          .addCacheLifecycleListener(
              new CacheLifecycleListener() {
                @Override
                public void opened(RedisCache<?, ?> cache) {
                  heard.add("opened " + cache.getName());
                }

                @Override
                public void closed(RedisCache<?, ?> cache) {
                  heard.add("closed " + cache.getName());
                }
              });
      own.createCache("after", new MutableConfiguration<>());
      own.getCache("after").close();
      own.createCache("destroyed", new MutableConfiguration<>());
      own.destroyCache("destroyed");
      own.close();
      assertEquals(
          List.of(
              "opened before",
              "opened after",
              "closed after",
              "opened destroyed",
              "closed destroyed",
              "closed before"),
          heard);
    } finally {
      own.close(); // the test closes it itself, to hear of it; a second close does nothing
    }
  }
}
