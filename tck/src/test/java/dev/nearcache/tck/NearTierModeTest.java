package dev.nearcache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.jcache.RedisCache;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** Proves which path this TCK run exercised: the near tier on (default run) or off (second run). */
class NearTierModeTest {

  @Test
  void theRunUsesTheNearTierAsConfigured() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, String> cache =
        manager.createCache("nearTierMode", new MutableConfiguration<String, String>());
    try {
      boolean on = cache.unwrap(RedisCache.class).nearCacheMetrics() != null;
      assertEquals(RedisSessionListener.nearCacheOn(), on);
    } finally {
      manager.destroyCache("nearTierMode");
    }
  }
}
