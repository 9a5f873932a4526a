package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "JCache semantics with a near tier": reads served by the near tier still extend
 * an access-expiring entry's life in Redis, so another node (near tier off, reading Redis only)
 * keeps seeing it; once the reads stop, it expires everywhere.
 */
class AccessExpiryThroughNearTest {
  static RedisServer server;
  static CacheManager reader;
  static CacheManager observer;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    reader = node("reader", true);
    observer = node("observer", false);
  }

  static CacheManager node(String name, boolean near) {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    p.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:access-" + name),
            AccessExpiryThroughNearTest.class.getClassLoader(),
            p);
  }

  @AfterAll
  static void stop() {
    reader.close();
    observer.close();
    server.close();
  }

  @Test
  void nearHitsKeepTheEntryAliveInRedis() throws Exception {
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setStatisticsEnabled(true)
            .setExpiryPolicyFactory(
                AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 800)));
    Cache<String, String> a = reader.createCache("accessed", config);
    Cache<String, String> b = observer.createCache("accessed", config);
    a.put("k", "v");
    long hitsBefore = a.unwrap(RedisCache.class).nearCacheMetrics().nearHits();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2400);
    while (System.nanoTime() < end) {
      assertEquals("v", a.get("k"));
      Thread.sleep(50);
    }
    assertTrue(
        a.unwrap(RedisCache.class).nearCacheMetrics().nearHits() > hitsBefore + 20,
        "reads were served locally");
    // Three times the access duration has passed, but every 50 ms an access extended it.
    assertEquals("v", b.get("k"));
    Thread.sleep(1500);
    assertNull(b.get("k"), "without accesses the entry expires");
  }
}
