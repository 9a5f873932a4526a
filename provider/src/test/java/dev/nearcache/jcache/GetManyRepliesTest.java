package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * getAll reads through get-many.lua, whose reply carries one element per key: a miss, the stored
 * string as Redis holds it, or a tagged form for an entry whose access expiry moved or that was
 * found expired (StoredEntryCodec). Each form, against a real redis-server.
 */
class GetManyRepliesTest {
  static RedisFixture redis;
  static CacheManager node;
  static CacheManager other;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    node = redis.newNode("get-many");
    other = redis.newNode("get-many-other");
  }

  @AfterAll
  static void stop() {
    node.close();
    other.close();
    redis.close();
  }

  /** Created entries live {@code created} ms; an access sets {@code accessed} ms. */
  public static final class ShortThenLong implements ExpiryPolicy, java.io.Serializable {
    private final long created;
    private final long accessed;

    ShortThenLong(long created, long accessed) {
      this.created = created;
      this.accessed = accessed;
    }

    @Override
    public Duration getExpiryForCreation() {
      return new Duration(TimeUnit.MILLISECONDS, created);
    }

    @Override
    public Duration getExpiryForAccess() {
      return accessed < 0 ? null : new Duration(TimeUnit.MILLISECONDS, accessed);
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }
  }

  private static MutableConfiguration<String, String> config(ShortThenLong policy) {
    return new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(policy));
  }

  @Test
  void hitsAndMissesComeBackInOneCall() {
    Cache<String, String> cache =
        node.createCache(
            "plain",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    for (int i = 0; i < 50; i++) {
      cache.put("k" + i, "value-" + i + "-" + "x".repeat(i * 20));
    }
    Set<String> keys = new java.util.HashSet<>();
    for (int i = 0; i < 100; i += 2) {
      keys.add("k" + i); // half of them were never written
    }
    Map<String, String> got = cache.getAll(keys);
    assertEquals(25, got.size());
    for (int i = 0; i < 50; i += 2) {
      assertEquals("value-" + i + "-" + "x".repeat(i * 20), got.get("k" + i));
    }
  }

  @Test
  void anAccessThatMovesTheExpiryIsStoredAndReported() throws InterruptedException {
    String name = "moved";
    ShortThenLong policy = new ShortThenLong(600, 3_600_000);
    Cache<String, String> cache = node.createCache(name, config(policy));
    Cache<String, String> seenElsewhere = other.createCache(name, config(policy));
    cache.put("a", "alpha");
    cache.put("b", "beta");
    assertEquals(Map.of("a", "alpha", "b", "beta"), cache.getAll(Set.of("a", "b")));
    Thread.sleep(900);
    // Past the creation expiry: only the access (an hour) keeps them, in Redis as well (another
    // node).
    assertEquals("alpha", seenElsewhere.get("a"));
    assertEquals("beta", seenElsewhere.get("b"));
  }

  public static final class ExpiredEvents
      implements CacheEntryExpiredListener<String, String>, java.io.Serializable {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        SEEN.add(e.getKey() + "=" + e.getOldValue());
      }
    }
  }

  @Test
  void anEntryFoundExpiredIsMissingAndRemoved() throws InterruptedException {
    Cache<String, String> cache = node.createCache("expired", config(new ShortThenLong(200, -1)));
    cache.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(ExpiredEvents.class), null, true, true));
    cache.put("gone", "old-value");
    cache.put("kept-miss", "x");
    cache.remove("kept-miss");
    Thread.sleep(400);
    Map<String, String> got = cache.getAll(Set.of("gone", "kept-miss"));
    assertTrue(got.isEmpty(), "expired and removed entries are not returned: " + got);
    assertNull(cache.get("gone"));
    assertTrue(
        ExpiredEvents.SEEN.contains("gone=old-value"),
        "expired event with the last value: " + ExpiredEvents.SEEN);
    assertEquals(0, ((List<?>) redis.server().client().call("KEYS", "nc:{expired#*}k*")).size());
  }
}
