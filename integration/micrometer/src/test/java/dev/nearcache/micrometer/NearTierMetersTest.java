package dev.nearcache.micrometer;

import static dev.nearcache.micrometer.Meters.await;
import static dev.nearcache.micrometer.Meters.count;
import static dev.nearcache.micrometer.Meters.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.LatencyHistogram;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.NearCacheSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The near tier's meters on two nodes (two managers on one Redis): what node A's meters say after
 * node B's writes and clear, exactly, and equal to what {@link NearCacheMetrics} says.
 */
@Timeout(60)
class NearTierMetersTest {
  private static final int SEGMENTS = 4;

  static TestRedis redis;
  static CacheManager nodeA;
  static CacheManager nodeB;

  @BeforeAll
  static void start() {
    redis = new TestRedis();
    nodeA = redis.node("near-a");
    nodeB = redis.node("near-b");
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  private static Cache<String, String> open(
      CacheManager node, String name, NearCacheSettings near) {
    RedisCacheConfiguration<String, String> config = new RedisCacheConfiguration<>();
    config.setTypes(String.class, String.class);
    config.setSegments(SEGMENTS);
    config.setNearCache(near);
    return node.createCache(name, config);
  }

  @Test
  void nodeAsMetersCountWhatNodeBDid() {
    Cache<String, String> a = open(nodeA, "near", NearCacheSettings.DEFAULTS);
    Cache<String, String> b = open(nodeB, "near", NearCacheSettings.DEFAULTS);
    RedisCache<?, ?> redisA = a.unwrap(RedisCache.class);
    NearCacheMetrics near = redisA.nearCacheMetrics();
    MeterRegistry registry = new SimpleMeterRegistry();
    try (NearCacheMeterBinder binder = new NearCacheMeterBinder(a)) {
      binder.bindTo(registry);

      // Every segment subscribed once when the cache opened (which dropped nothing: it was empty).
      assertEquals(SEGMENTS, count(registry, "nearcache.clears", "near", "cause", "subscribed"));
      assertEquals(SEGMENTS, gauge(registry, "nearcache.segments", "near"));
      await(
          "every segment serves",
          () -> gauge(registry, "nearcache.segments.serving", "near") == SEGMENTS);
      assertEquals(SEGMENTS, redisA.nearSegmentsServing());

      a.put("k", "v1"); // A's own write: installed in A's near tier; its message comes back to A
      a.get("k"); // near hit
      a.get("k"); // near hit
      a.get("absent"); // near miss, Redis miss
      b.put("k2", "x"); // a message to A
      a.get("k2"); // near miss, Redis hit (A did not hold k2)
      await(
          "both change messages reach A",
          () -> count(registry, "nearcache.invalidations", "near") == 2);
      b.put("k", "v2"); // A holds k: the value the message carries replaces it
      await(
          "the 3rd message replaces k",
          () -> count(registry, "nearcache.values.replaced", "near") == 1);
      assertEquals("v2", a.get("k"), "served from the near tier, replaced"); // near hit

      assertEquals(
          List.of(3.0, 2.0),
          List.of(
              count(registry, "nearcache.near.gets", "near", "result", "hit"),
              count(registry, "nearcache.near.gets", "near", "result", "miss")),
          "near hits, near misses");
      assertEquals(
          List.of(1.0, 1.0),
          List.of(
              count(registry, "nearcache.redis.gets", "near", "result", "hit"),
              count(registry, "nearcache.redis.gets", "near", "result", "miss")),
          "Redis hits, Redis misses");
      assertEquals(
          List.of(4.0, 1.0),
          List.of(
              count(registry, "cache.gets", "near", "result", "hit"),
              count(registry, "cache.gets", "near", "result", "miss")),
          "the cache's own hits and misses");
      assertEquals(
          3.0,
          count(registry, "nearcache.invalidations", "near"),
          "one per write, A's own included");

      b.clear();
      await(
          "B's clear reaches every segment of A",
          () -> count(registry, "nearcache.clears", "near", "cause", "cache_cleared") == SEGMENTS);
      await("A's near tier serves nothing of the cleared cache", () -> a.get("k") == null);

      assertMetersEqualNearCacheMetrics(registry, near);
      assertEquals(0.0, count(registry, "nearcache.gaps", "near"));
      assertEquals(0.0, count(registry, "nearcache.races.lost", "near"));
      assertEquals(0.0, count(registry, "nearcache.clears", "near", "cause", "gap"));
      assertInvalidationDelay(registry, near.invalidationDelayMicros());
    }
    assertTrue(registry.getMeters().isEmpty());
  }

  /**
   * Every near-tier meter reads what the provider's NearCacheMetrics says (no message in flight).
   */
  private static void assertMetersEqualNearCacheMetrics(
      MeterRegistry registry, NearCacheMetrics near) {
    assertEquals(
        (double) near.nearHits(), count(registry, "nearcache.near.gets", "near", "result", "hit"));
    assertEquals(
        (double) near.nearMisses(),
        count(registry, "nearcache.near.gets", "near", "result", "miss"));
    assertEquals(
        (double) near.redisHits(),
        count(registry, "nearcache.redis.gets", "near", "result", "hit"));
    assertEquals(
        (double) near.redisMisses(),
        count(registry, "nearcache.redis.gets", "near", "result", "miss"));
    assertEquals(
        (double) near.singleFlightJoins(),
        count(registry, "nearcache.single.flight.joins", "near"));
    assertEquals(
        (double) near.invalidationsReceived(), count(registry, "nearcache.invalidations", "near"));
    assertEquals(
        (double) near.valuesReplaced(), count(registry, "nearcache.values.replaced", "near"));
    assertEquals((double) near.gapsDetected(), count(registry, "nearcache.gaps", "near"));
    assertEquals(
        (double) near.populationRacesLost(), count(registry, "nearcache.races.lost", "near"));
    assertEquals(
        (double) near.leaseExpiries(), count(registry, "nearcache.lease.expiries", "near"));
    Map<ClearCause, Double> clears = new EnumMap<>(ClearCause.class);
    Map<ClearCause, Double> expected = new EnumMap<>(ClearCause.class);
    for (ClearCause cause : ClearCause.values()) {
      clears.put(
          cause,
          count(
              registry,
              "nearcache.clears",
              "near",
              "cause",
              cause.name().toLowerCase(Locale.ROOT)));
      expected.put(cause, (double) near.clears(cause));
    }
    assertEquals(expected, clears);
  }

  /** The delay's percentiles, max and count are the histogram's, in the registry's base unit. */
  private static void assertInvalidationDelay(MeterRegistry registry, LatencyHistogram histogram) {
    long measured = histogram.count();
    assertTrue(measured >= 3, "every change message's delay is measured: " + measured);
    assertEquals((double) measured, count(registry, "nearcache.invalidation.delay.count", "near"));
    String[] phis = {"0.5", "0.9", "0.99", "0.999"};
    double[] percentiles = {50, 90, 99, 99.9};
    for (int i = 0; i < phis.length; i++) {
      double micros =
          registry
              .get("nearcache.invalidation.delay.percentile")
              .tag("cache", "near")
              .tag("phi", phis[i])
              .timeGauge()
              .value(TimeUnit.MICROSECONDS);
      assertEquals((double) histogram.percentile(percentiles[i]), micros, 1e-6, "phi " + phis[i]);
    }
    double max =
        registry
            .get("nearcache.invalidation.delay.max")
            .tag("cache", "near")
            .timeGauge()
            .value(TimeUnit.MICROSECONDS);
    assertEquals((double) histogram.percentile(100), max, 1e-6);
    double seconds =
        registry.get("nearcache.invalidation.delay.max").tag("cache", "near").timeGauge().value();
    assertEquals(max / 1e6, seconds, 1e-9, "published in the registry's base unit (seconds here)");
  }

  @Test
  void withoutANearTierOnlyTheStandardMetersAreBound() {
    Cache<String, String> cache = open(nodeA, "remote-only", NearCacheSettings.DISABLED);
    RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
    assertNull(redisCache.nearCacheMetrics());
    assertEquals(0, redisCache.nearSegmentsServing(), "no near tier serves no segment");
    MeterRegistry registry = new SimpleMeterRegistry();
    try (NearCacheMeterBinder binder = new NearCacheMeterBinder(cache)) {
      binder.bindTo(registry);
      cache.put("k", "v");
      cache.get("k");
      cache.get("absent");
      assertEquals(1.0, count(registry, "cache.gets", "remote-only", "result", "hit"));
      assertEquals(1.0, count(registry, "cache.gets", "remote-only", "result", "miss"));
      assertEquals(1.0, count(registry, "cache.puts", "remote-only"));
      assertTrue(
          registry.getMeters().stream()
              .noneMatch(m -> m.getId().getName().startsWith("nearcache.")),
          registry.getMeters().toString());
    }
  }

  @Test
  void aClosedCacheServesNoSegment() {
    Cache<String, String> cache = open(nodeA, "closing", NearCacheSettings.DEFAULTS);
    RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
    await("every segment serves", () -> redisCache.nearSegmentsServing() == SEGMENTS);
    cache.close();
    assertEquals(0, redisCache.nearSegmentsServing());
  }
}
