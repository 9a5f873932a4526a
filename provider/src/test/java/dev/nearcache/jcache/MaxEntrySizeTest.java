package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key or value larger than {@code redis.max-entry-size} fails at once, before anything is sent,
 * and leaves the cache as it was. A 1 KiB limit stands in for Redis's 512 MiB.
 */
@Timeout(60)
class MaxEntrySizeTest {
  private static final int LIMIT = 1024;
  private static final String BIG = "x".repeat(2 * LIMIT);

  static RedisFixture redis;
  static RespClient admin;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    admin = redis.server().client();
  }

  @AfterAll
  static void stop() {
    admin.close();
    redis.close();
  }

  private static CacheManager node(String name, boolean near) {
    Properties p = redis.properties();
    p.setProperty("redis.max-entry-size", "1KiB");
    p.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:size-" + name), MaxEntrySizeTest.class.getClassLoader(), p);
  }

  private static void assertTooLarge(String what, Runnable op) {
    assertTooLarge(what, op, true);
  }

  /**
   * @param nothingSent whether no script may run at all (an entry processor reads the entry first)
   */
  private static void assertTooLarge(String what, Runnable op, boolean nothingSent) {
    long before = admin.commandCalls("evalsha") + admin.commandCalls("eval");
    CacheException e = assertThrows(CacheException.class, op::run);
    String m = e.getMessage();
    assertTrue(m.startsWith("Cache 'sized': the " + what + " (java.lang.String) is "), m);
    assertTrue(
        m.contains(
            "bytes encoded, more than setting 'redis.max-entry-size' allows (1024 bytes);"
                + " it was not sent to Redis"),
        m);
    if (nothingSent) {
      assertEquals(
          before, admin.commandCalls("evalsha") + admin.commandCalls("eval"), "a script ran: " + m);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyWriteOfAValueOrKeyOverTheLimitFailsAtOnceAndLeavesTheCacheAlone(boolean near) {
    CacheManager manager = node("w-" + near, near);
    try {
      Cache<String, String> cache =
          manager.createCache(
              "sized",
              new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "small");
      cache.put("other", "kept");

      assertTooLarge("value", () -> cache.put("k", BIG));
      assertTooLarge("value", () -> cache.getAndPut("k", BIG));
      assertTooLarge("value", () -> cache.putIfAbsent("new", BIG));
      assertTooLarge("value", () -> cache.replace("k", BIG));
      assertTooLarge("value", () -> cache.replace("k", "small", BIG));
      assertTooLarge("value", () -> cache.getAndReplace("k", BIG));
      Map<String, String> many = new LinkedHashMap<>();
      many.put("other", "changed");
      many.put("k2", BIG);
      assertTooLarge("value", () -> cache.putAll(many));
      assertTooLarge(
          "value",
          () ->
              cache.invoke(
                  "k",
                  (entry, args) -> {
                    entry.setValue(BIG);
                    return null;
                  }),
          false);
      assertTooLarge("key", () -> cache.put(BIG, "v"));
      assertTooLarge("key", () -> cache.get(BIG));

      assertEquals("small", cache.get("k"));
      assertEquals("kept", cache.get("other"), "putAll wrote part of its map");
      assertNull(cache.get("new"));
      assertFalse(cache.containsKey("k2"));
      cache.put("k", "y".repeat(LIMIT - 16));
      assertEquals("y".repeat(LIMIT - 16), cache.get("k"), "a value under the limit is stored");
    } finally {
      manager.close();
    }
  }

  /**
   * An expected value over the limit cannot equal anything stored: {@code remove(k, v)} and {@code
   * replace(k, old, new)} answer false without sending the compare, and change nothing.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aComparisonWithAnExpectedValueOverTheLimitIsFalseAndSendsNoScript(boolean near) {
    CacheManager manager = node("c-" + near, near);
    try {
      Cache<String, String> cache =
          manager.createCache(
              "sized",
              new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "small");
      long before = admin.commandCalls("evalsha") + admin.commandCalls("eval");
      assertFalse(cache.remove("k", BIG));
      assertFalse(cache.replace("k", BIG, "new"));
      assertFalse(cache.remove("absent", BIG));
      assertEquals(
          before,
          admin.commandCalls("evalsha") + admin.commandCalls("eval"),
          "no compare script was sent");
      assertEquals("small", cache.get("k"));
      assertTooLarge("value", () -> cache.replace("k", BIG, BIG));

      // Counted as the compare would have been: a hit when the key is present, else a miss (with
      // statistics on, that takes one read of the key).
      manager.enableStatistics("sized", true);
      assertFalse(cache.remove("k", BIG));
      assertFalse(cache.replace("k", BIG, "new"));
      assertFalse(cache.remove("absent", BIG));
      javax.cache.management.CacheStatisticsMXBean statistics =
          cache.unwrap(RedisCache.class).statistics();
      assertEquals(
          List.of(2L, 1L),
          List.of(statistics.getCacheHits(), statistics.getCacheMisses()),
          "hits (two compares of a present key) and misses (the absent key)");
    } finally {
      manager.close();
    }
  }

  @Test
  void theDefaultIsRedissProtoMaxBulkLen() {
    CacheManager manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:size-default"),
                MaxEntrySizeTest.class.getClassLoader(),
                redis.properties());
    try {
      assertEquals(
          512 * 1024 * 1024,
          manager.unwrap(RedisCacheManager.class).settings().redis().maxEntrySize());
      assertEquals(
          admin.call("CONFIG", "GET", "proto-max-bulk-len"),
          java.util.List.of("proto-max-bulk-len", Integer.toString(512 * 1024 * 1024)));
    } finally {
      manager.close();
    }
  }
}
