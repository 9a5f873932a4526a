package dev.nearcache.micrometer;

import static dev.nearcache.micrometer.Meters.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.CacheCounts;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.near.NearCacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Micrometer's standard cache meters from {@link NearCacheMeterBinder}: exact with JCache
 * statistics off, named and tagged as Micrometer's own cache binders name them, and gone (with the
 * counting) once the binder is closed.
 */
@Timeout(60)
class CacheMetersTest {
  static TestRedis redis;
  static CacheManager manager;

  @BeforeAll
  static void start() {
    redis = new TestRedis();
    manager = redis.node("cache-meters");
  }

  @AfterAll
  static void stop() {
    manager.close();
    redis.close();
  }

  private static Cache<String, String> create(String name) {
    return manager.createCache(
        name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** 2 puts, 3 hits, 2 misses, 1 removal (the removal of an absent key is none). */
  private static void work(Cache<String, String> cache) {
    cache.put("a", "1");
    cache.put("b", "2");
    cache.get("a");
    cache.get("a");
    cache.get("b");
    cache.get("x");
    cache.get("y");
    cache.remove("a");
    cache.remove("absent");
  }

  @Test
  void standardMetersCountExactlyWithStatisticsOff() {
    Cache<String, String> cache = create("exact");
    assertFalse(statisticsEnabled(cache));
    MeterRegistry registry = new SimpleMeterRegistry();
    try (NearCacheMeterBinder binder = new NearCacheMeterBinder(cache)) {
      binder.bindTo(registry);
      work(cache);
      assertEquals(
          List.of(3.0, 2.0, 2.0, 1.0, 0.0),
          List.of(
              count(registry, "cache.gets", "exact", "result", "hit"),
              count(registry, "cache.gets", "exact", "result", "miss"),
              count(registry, "cache.puts", "exact"),
              count(registry, "cache.removals", "exact"),
              count(registry, "cache.evictions", "exact")),
          "hits, misses, puts, removals, evictions");
      work(cache);
      assertEquals(6.0, count(registry, "cache.gets", "exact", "result", "hit"));
      assertEquals(2.0, count(registry, "cache.removals", "exact"));
    }
    assertFalse(statisticsEnabled(cache), "binding does not turn JCache statistics on");
  }

  @SuppressWarnings("unchecked") // Cache#getConfiguration takes a raw configuration class
  private static boolean statisticsEnabled(Cache<String, String> cache) {
    return cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled();
  }

  @Test
  void everyMeterCarriesTheCacheAndManagerTags() {
    Cache<String, String> cache = create("tagged");
    MeterRegistry registry = new SimpleMeterRegistry();
    try (NearCacheMeterBinder byUri = new NearCacheMeterBinder(cache)) {
      byUri.bindTo(registry);
      String uri = manager.getURI().toString();
      assertFalse(registry.getMeters().isEmpty());
      registry
          .getMeters()
          .forEach(
              m -> {
                assertEquals("tagged", m.getId().getTag("cache"), m.getId().toString());
                assertEquals(uri, m.getId().getTag("cache.manager"), m.getId().toString());
              });
    }
    assertTrue(registry.getMeters().isEmpty());
    try (NearCacheMeterBinder named =
        new NearCacheMeterBinder(
            cache, Tags.of("cache.manager", "billing", "app", "shop", "cache", "ignored"))) {
      named.bindTo(registry);
      registry
          .getMeters()
          .forEach(
              m -> {
                assertEquals(
                    "tagged",
                    m.getId().getTag("cache"),
                    "the cache tag is always the cache's name");
                assertEquals(
                    "billing",
                    m.getId().getTag("cache.manager"),
                    "a given manager name wins over the URI");
                assertEquals("shop", m.getId().getTag("app"));
              });
    }
  }

  /**
   * The same meters, names, tags, types and descriptions as Micrometer's own {@link
   * CacheMeterBinder} registers for a cache whose size is unknown, plus JCacheMetrics' {@code
   * cache.removals} (as the function counter it registers when asked to).
   */
  @Test
  void namedAsMicrometersOwnCacheBinders() {
    Cache<String, String> cache = create("standard");
    RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
    MeterRegistry ours = new SimpleMeterRegistry();
    MeterRegistry micrometers = new SimpleMeterRegistry();
    Tags manager = Tags.of("cache.manager", CacheMetersTest.manager.getURI().toString());
    CacheCounts counts = redisCache.counts();
    new CacheMeterBinder<Object>(redisCache, "standard", manager) {
      @Override
      protected Long size() {
        return null;
      }

      @Override
      protected long hitCount() {
        return counts.hits();
      }

      @Override
      protected Long missCount() {
        return counts.misses();
      }

      @Override
      protected Long evictionCount() {
        return counts.evictions();
      }

      @Override
      protected long putCount() {
        return counts.puts();
      }

      @Override
      protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        io.micrometer.core.instrument.FunctionCounter.builder(
                "cache.removals", counts, CacheCounts::removals)
            .tags(getTagsWithCacheName())
            .description("Cache removals")
            .register(registry);
      }
    }.bindTo(micrometers);
    try (NearCacheMeterBinder binder = new NearCacheMeterBinder(cache)) {
      binder.bindTo(ours);
      Map<String, String> standard =
          Meters.describe(
              ours.getMeters().stream()
                  .filter(m -> m.getId().getName().startsWith("cache."))
                  .collect(Collectors.toList()));
      assertEquals(Meters.describe(micrometers.getMeters()), standard);
      assertEquals(5, standard.size());
    }
  }

  @Test
  void closingTheBinderRemovesItsMetersAndStopsCounting() {
    Cache<String, String> cache = create("unbound");
    RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
    NearCacheMetrics near = redisCache.nearCacheMetrics();
    MeterRegistry first = new SimpleMeterRegistry();
    MeterRegistry second = new SimpleMeterRegistry();
    NearCacheMeterBinder binder = new NearCacheMeterBinder(cache);
    binder.bindTo(first);
    binder.bindTo(second);
    work(cache);
    assertEquals(3.0, count(first, "cache.gets", "unbound", "result", "hit"));
    assertEquals(3.0, count(second, "cache.gets", "unbound", "result", "hit"));
    assertEquals(3, near.nearHits(), "the near tier's reads are counted while bound");

    binder.close();
    assertTrue(first.getMeters().isEmpty(), first.getMeters().toString());
    assertTrue(second.getMeters().isEmpty(), second.getMeters().toString());
    work(cache);
    assertEquals(
        3, redisCache.counts().hits(), "both handles closed: nothing counted with statistics off");
    assertEquals(2, redisCache.counts().puts());
    assertEquals(3, near.nearHits(), "nor the near tier's reads");

    binder.bindTo(first);
    binder.close();
    assertTrue(first.getMeters().isEmpty(), "a closed binder binds nothing");
  }

  @Test
  void aClosedCacheIsNotBound() {
    Cache<String, String> cache = create("closed");
    cache.close();
    MeterRegistry registry = new SimpleMeterRegistry();
    try (NearCacheMeterBinder binder = new NearCacheMeterBinder(cache)) {
      binder.bindTo(registry);
      assertTrue(registry.getMeters().isEmpty());
    }
    assertNull(registry.find("cache.gets").meter());
  }
}
