package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** removeAll, clear and iteration over tens of thousands of entries. */
class BulkOperationsTest {
  static final int COUNT = 30_000;
  static RedisFixture redis;
  static CacheManager node;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    node = redis.newNode("bulk");
  }

  @AfterAll
  static void stop() {
    node.close();
    redis.close();
  }

  private static Map<Integer, String> data() {
    Map<Integer, String> map = new HashMap<>();
    for (int i = 0; i < COUNT; i++) {
      map.put(i, "value-" + i);
    }
    return map;
  }

  private Cache<Integer, String> cache(String name) {
    return node.createCache(
        name, new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
  }

  @Test
  void iteratesEveryEntryOnce() {
    Cache<Integer, String> cache = cache("iterate");
    cache.putAll(data());
    Set<Integer> seen = new HashSet<>();
    for (Cache.Entry<Integer, String> e : cache) {
      assertEquals("value-" + e.getKey(), e.getValue());
      seen.add(e.getKey());
    }
    assertEquals(COUNT, seen.size());
  }

  @Test
  void clearRemovesEverything() {
    Cache<Integer, String> cache = cache("clear");
    cache.putAll(data());
    cache.clear();
    assertFalse(cache.iterator().hasNext());
    assertEquals(0, cache.getAll(data().keySet()).size());
    // Neither entry keys nor index entries are left behind in Redis.
    assertEquals(
        0, ((java.util.List<?>) redis.server().client().call("KEYS", "nc:{clear#*}k*")).size());
    assertEquals(
        0, ((java.util.List<?>) redis.server().client().call("KEYS", "nc:{clear#*}i")).size());
  }

  @Test
  void destroyLeavesNothingOfTheCacheInRedis() {
    Cache<Integer, String> cache = cache("destroyed");
    cache.putAll(data());
    node.destroyCache("destroyed");
    assertEquals(
        0, ((java.util.List<?>) redis.server().client().call("KEYS", "nc:{destroyed*")).size());
  }

  public static class CountingListener
      implements CacheEntryRemovedListener<Integer, String>, java.io.Serializable {
    static final AtomicInteger REMOVED = new AtomicInteger();

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends Integer, ? extends String>> events) {
      for (CacheEntryEvent<? extends Integer, ? extends String> ignored : events) {
        REMOVED.incrementAndGet();
      }
    }
  }

  @Test
  void removeAllRemovesEverythingAndNotifies() {
    Cache<Integer, String> cache = cache("removeAll");
    cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(CountingListener.class), null, false, true));
    cache.putAll(data());
    CountingListener.REMOVED.set(0);
    cache.removeAll();
    assertEquals(COUNT, CountingListener.REMOVED.get());
    assertFalse(cache.iterator().hasNext());
  }
}
