package dev.nearcache.micrometer;

import static dev.nearcache.micrometer.Meters.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.CacheLifecycleListener;
import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NearCacheManagerMeterBinder}: binds the caches open now, follows those opened later
 * (created, or defined in the file and opened on first use, never opened by binding), and removes a
 * cache's meters when it is closed or destroyed; closing the binder removes every meter and stops
 * the counting.
 */
@Timeout(60)
class ManagerMetersTest {
  static TestRedis redis;

  @BeforeAll
  static void start() {
    redis = new TestRedis();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  /** A manager opened from a configuration file that defines the cache "configured". */
  private static CacheManager managerWithFile(Path dir, String name) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "redis:",
            "  address: " + redis.uri(),
            "caches:",
            "  configured:",
            "    key-type: java.lang.String",
            "    value-type: java.lang.String",
            "    segments: 2",
            ""));
    return new NearCachingProvider()
        .getCacheManager(file.toUri(), ManagerMetersTest.class.getClassLoader());
  }

  private static Set<String> boundCaches(MeterRegistry registry) {
    Set<String> names = new TreeSet<>();
    registry.getMeters().forEach(m -> names.add(m.getId().getTag("cache")));
    return names;
  }

  private static Cache<String, String> create(CacheManager manager, String name) {
    return manager.createCache(
        name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void followsTheManagersCachesAsTheyOpenAndClose(@TempDir Path dir) throws IOException {
    try (CacheManager manager = managerWithFile(dir, "follow")) {
      Cache<String, String> early = create(manager, "early");
      List<String> opened = new ArrayList<>();
      manager
          .unwrap(RedisCacheManager.class)
          .addCacheLifecycleListener(
              new CacheLifecycleListener() {
                @Override
                public void opened(RedisCache<?, ?> cache) {
                  opened.add(cache.getName());
                }
              });
      MeterRegistry registry = new SimpleMeterRegistry();
      NearCacheManagerMeterBinder binder = new NearCacheManagerMeterBinder(manager);
      binder.bindTo(registry);

      assertEquals(Set.of("early"), boundCaches(registry), "the open cache is bound");
      assertEquals(List.of("early"), opened, "binding opens no configured cache");
      assertEquals(
          manager.getURI().toString(),
          registry
              .get("cache.puts")
              .tag("cache", "early")
              .functionCounter()
              .getId()
              .getTag("cache.manager"));
      early.put("k", "v");
      assertEquals(1.0, count(registry, "cache.puts", "early"));

      Cache<String, String> configured = manager.getCache("configured", String.class, String.class);
      assertEquals(
          Set.of("configured", "early"),
          boundCaches(registry),
          "a configured cache is bound when it opens");
      configured.put("k", "v");
      configured.get("k");
      configured.get("x");
      assertEquals(1.0, count(registry, "cache.gets", "configured", "result", "hit"));
      assertEquals(1.0, count(registry, "cache.gets", "configured", "result", "miss"));
      assertEquals(2.0, Meters.gauge(registry, "nearcache.segments", "configured"));

      Cache<String, String> late = create(manager, "late");
      assertEquals(
          Set.of("configured", "early", "late"),
          boundCaches(registry),
          "a cache created later is bound");
      late.put("k", "v");
      late.remove("k");
      assertEquals(1.0, count(registry, "cache.removals", "late"));

      manager.destroyCache("late");
      assertEquals(
          Set.of("configured", "early"),
          boundCaches(registry),
          "a destroyed cache's meters are removed");
      early.close();
      assertEquals(
          Set.of("configured"), boundCaches(registry), "a closed cache's meters are removed");
      Cache<String, String> again = create(manager, "early");
      assertEquals(
          Set.of("configured", "early"),
          boundCaches(registry),
          "a cache opened again is bound again");
      again.get("k");
      assertEquals(
          1.0, count(registry, "cache.gets", "early", "result", "hit"), "reading the open cache");

      RedisCache<?, ?> redisConfigured = configured.unwrap(RedisCache.class);
      binder.close();
      assertTrue(registry.getMeters().isEmpty(), registry.getMeters().toString());
      long hits = redisConfigured.counts().hits();
      configured.get("k");
      assertEquals(
          hits,
          redisConfigured.counts().hits(),
          "unbinding stopped the counting (statistics are off)");
      create(manager, "after-close");
      assertTrue(registry.getMeters().isEmpty(), "a closed binder follows the manager no more");
    }
  }

  @Test
  void managerCloseRemovesEveryMeterFromEveryRegistry(@TempDir Path dir) throws IOException {
    MeterRegistry first = new SimpleMeterRegistry();
    MeterRegistry second = new SimpleMeterRegistry();
    CacheManager manager = managerWithFile(dir, "close");
    NearCacheManagerMeterBinder binder =
        new NearCacheManagerMeterBinder(manager, Tags.of("cache.manager", "orders", "app", "shop"));
    binder.bindTo(first);
    binder.bindTo(second);
    create(manager, "one");
    manager.getCache("configured");
    for (MeterRegistry registry : List.of(first, second)) {
      assertEquals(Set.of("configured", "one"), boundCaches(registry));
      registry
          .getMeters()
          .forEach(
              m -> {
                assertEquals("orders", m.getId().getTag("cache.manager"));
                assertEquals("shop", m.getId().getTag("app"));
              });
    }
    manager.close();
    assertTrue(first.getMeters().isEmpty(), first.getMeters().toString());
    assertTrue(second.getMeters().isEmpty(), second.getMeters().toString());
    binder.close();
    binder.bindTo(first);
    assertFalse(
        first.getMeters().iterator().hasNext(), "binding to a closed manager binds nothing");
  }

  /**
   * The manager forgets a closed cache before telling its listeners, so a cache of the same name
   * may open in between and be given the closed one's meters (same names and tags) by the registry;
   * when the close is told, the open cache's meters are registered again.
   */
  @Test
  void aCacheReopenedBeforeTheOldOneIsReportedClosedKeepsItsMeters() {
    try (CacheManager manager = redis.node("reopened")) {
      MeterRegistry registry = new SimpleMeterRegistry();
      Follower follower = new Follower(registry, Tags.of("cache.manager", "m"));
      Cache<String, String> old = create(manager, "dup");
      follower.opened(old.unwrap(RedisCache.class));
      old.close(); // not yet told to the follower
      Cache<String, String> fresh = create(manager, "dup");
      follower.opened(fresh.unwrap(RedisCache.class));
      follower.closed(old.unwrap(RedisCache.class)); // told late
      fresh.put("k", "v");
      fresh.get("k");
      assertEquals(1.0, count(registry, "cache.puts", "dup"), "the meters read the open cache");
      assertEquals(1.0, count(registry, "cache.gets", "dup", "result", "hit"));
      follower.close();
      assertTrue(registry.getMeters().isEmpty());
    }
  }
}
