package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The file's {@code defaults} reach caches made with {@code createCache} wherever the given
 * configuration leaves a setting at JCache's default, as frameworks do when they create caches on
 * demand; what the configuration sets itself wins.
 */
@Timeout(60)
class CreatedCacheDefaultsTest {
  static RedisFixture redis;
  static CacheManager manager;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    Properties p = redis.properties();
    p.setProperty("defaults.statistics", "true");
    p.setProperty("defaults.management", "true");
    p.setProperty("defaults.expiry.policy", "created");
    p.setProperty("defaults.expiry.duration", "2s");
    manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:created-defaults"),
                CreatedCacheDefaultsTest.class.getClassLoader(),
                p);
  }

  @AfterAll
  static void stop() {
    manager.close();
    redis.close();
  }

  @Test
  void aBareMutableConfigurationTakesTheFilesDefaults() throws Exception {
    Cache<String, String> cache = manager.createCache("bare", new MutableConfiguration<>());
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> config =
        cache.getConfiguration(CompleteConfiguration.class);
    assertTrue(config.isStatisticsEnabled());
    assertTrue(config.isManagementEnabled());
    ExpiryPolicy expiry = config.getExpiryPolicyFactory().create();
    assertTrue(expiry instanceof CreatedExpiryPolicy, expiry.getClass().getName());
    assertEquals(new Duration(TimeUnit.MILLISECONDS, 2000), expiry.getExpiryForCreation());

    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    CacheStatisticsMXBean statistics = cache.unwrap(RedisCache.class).statistics();
    assertEquals(1, statistics.getCachePuts(), "statistics are really on");
    assertEquals(1, statistics.getCacheHits());
    Thread.sleep(2300);
    assertNull(cache.get("k"), "the default expiry really applies");
  }

  @Test
  void whatTheConfigurationSetsWins() {
    Cache<String, String> cache =
        manager.createCache(
            "own",
            new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(
                    AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> config =
        cache.getConfiguration(CompleteConfiguration.class);
    ExpiryPolicy expiry = config.getExpiryPolicyFactory().create();
    assertTrue(expiry instanceof AccessedExpiryPolicy, expiry.getClass().getName());
    assertTrue(config.isStatisticsEnabled(), "statistics left off take the default");
    assertTrue(config.isStoreByValue(), "store-by-value is never taken from the file");
  }
}
