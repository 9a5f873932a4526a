package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys under a cache's prefix that hold something other than an entry (written by a script, an
 * operator or another program) never make the cache unusable: a read of them is a miss, a write
 * replaces them, iteration and getAll skip them, remove, removeAll and clear remove them. Each kind
 * of garbage against every operation, on a real redis-server, with the near tier on.
 */
class CorruptEntriesTest {
  static RedisFixture redis;
  static CacheManager node;

  /**
   * Wrote the entries before they were spoiled; its near tier holds them, so tests use {@link
   * #node}.
   */
  static CacheManager writer;

  static RespClient admin;
  static KeyEncoder keys;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    node = redis.newNode("corrupt");
    writer = redis.newNode("corrupt-writer");
    admin = redis.server().client();
    keys =
        new KeyEncoder(
            node.unwrap(RedisCacheManager.class)
                .settings()
                .codec()
                .withClassLoader(CorruptEntriesTest.class.getClassLoader()));
  }

  @AfterAll
  static void stop() {
    node.close();
    writer.close();
    admin.close();
    redis.close();
  }

  private static int counter;

  /**
   * A fresh cache holding "good" = "g" and a key "bad" whose Redis key holds garbage of {@code
   * kind} (a short string, a hash, a list, or a string as long as a header that is none).
   */
  private static Cache<String, String> cacheWithGarbage(String kind) {
    String name = "corrupt-" + kind + "-" + counter++;
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    Cache<String, String> written = writer.createCache(name, config);
    written.put("good", "g");
    written.put("bad", "about to be overwritten");
    Cache<String, String> cache = node.createCache(name, config);
    byte[] redisKey = redisKey(cache, "bad");
    admin.callBytes(bytes("DEL"), redisKey);
    switch (kind) {
      case "short" -> admin.callBytes(bytes("SET"), redisKey, bytes("xyz"));
      case "hash" -> admin.callBytes(bytes("HSET"), redisKey, bytes("f"), bytes("v"));
      case "list" -> admin.callBytes(bytes("RPUSH"), redisKey, bytes("a"));
      // 16+ bytes whose first double is NaN: not a version.
      case "garbled" ->
          admin.callBytes(
              bytes("SET"),
              redisKey,
              bytes("\u007f\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ffgarbage-garbage"));
      default -> throw new IllegalArgumentException(kind);
    }
    return cache;
  }

  private static byte[] redisKey(Cache<String, String> cache, String key) {
    SegmentLayout layout = cache.unwrap(RedisCache.class).store().layout();
    byte[] encoded = keys.encode(key);
    return layout.entryKey(layout.segmentOf(encoded), encoded);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long healed(Cache<String, String> cache) {
    return cache.unwrap(RedisCache.class).store().corruptEntriesFound();
  }

  private static boolean existsInRedis(Cache<String, String> cache, String key) {
    return ((Number) admin.callBytes(bytes("EXISTS"), redisKey(cache, key))).longValue() == 1;
  }

  private static void check(String kind, Consumer<Cache<String, String>> operation) {
    Cache<String, String> cache = cacheWithGarbage(kind);
    try {
      operation.accept(cache);
      // Whatever the operation, the cache works afterwards with no manual repair.
      cache.put("bad", "b2");
      assertEquals("b2", cache.get("bad"));
      assertEquals("g", cache.get("good"));
    } finally {
      writer.destroyCache(cache.getName());
      node.destroyCache(cache.getName());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void getIsAMissAndRemovesTheGarbage(String kind) {
    check(
        kind,
        cache -> {
          assertNull(cache.get("bad"));
          assertFalse(cache.containsKey("bad"));
          assertTrue(healed(cache) >= 1, "counted");
          assertFalse(existsInRedis(cache, "bad"), "removed by the read");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void putReplacesIt(String kind) {
    check(
        kind,
        cache -> {
          cache.put("bad", "b1");
          assertEquals("b1", cache.get("bad"));
          assertTrue(cache.putIfAbsent("bad", "x") == false);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void conditionalWritesAndProcessorsSeeItAsAbsent(String kind) {
    check(
        kind,
        cache -> {
          assertFalse(cache.replace("bad", "r"), "replace of an absent key");
          assertTrue(cache.putIfAbsent("bad", "p"));
          assertEquals(
              "p",
              cache.invoke(
                  "bad",
                  (entry, args) -> {
                    String v = entry.getValue();
                    entry.setValue(v + "!");
                    return v;
                  }));
          assertEquals("p!", cache.get("bad"));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void processorOnGarbageSeesNoEntry(String kind) {
    check(kind, cache -> assertEquals(false, cache.invoke("bad", (entry, args) -> entry.exists())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void removeRemovesIt(String kind) {
    check(
        kind,
        cache -> {
          assertFalse(cache.remove("bad"), "nothing that was an entry was removed");
          assertFalse(existsInRedis(cache, "bad"));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void getAllAndIterationSkipIt(String kind) {
    check(
        kind,
        cache -> {
          Map<String, String> all = cache.getAll(new LinkedHashSet<>(List.of("good", "bad")));
          assertEquals(Map.of("good", "g"), all);
          Map<String, String> iterated = new HashMap<>();
          for (Cache.Entry<String, String> e : cache) {
            iterated.put(e.getKey(), e.getValue());
          }
          assertEquals(Map.of("good", "g"), iterated);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void putAllReplacesIt(String kind) {
    check(
        kind,
        cache -> {
          cache.putAll(Map.of("bad", "pa", "other", "o"));
          assertEquals("pa", cache.get("bad"));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void removeAllRemovesIt(String kind) {
    check(
        kind,
        cache -> {
          cache.removeAll();
          assertFalse(existsInRedis(cache, "bad"));
          assertNull(cache.get("good"));
          cache.put("good", "g");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void removeAllOfKeysRemovesIt(String kind) {
    check(
        kind,
        cache -> {
          cache.removeAll(Set.of("bad"));
          assertFalse(existsInRedis(cache, "bad"));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "hash", "list", "garbled"})
  void clearRemovesIt(String kind) {
    check(
        kind,
        cache -> {
          cache.clear();
          assertFalse(existsInRedis(cache, "bad"));
          cache.put("good", "g");
        });
  }
}
