package dev.nearcache.spring.boot;

import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.jcache.RedisCacheManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;

/**
 * What the actuator health indicator reports, without Spring Boot's health types (which moved
 * between Boot 3 and Boot 4): each Boot line's indicator turns a {@link Report} into its {@code
 * Health}.
 *
 * <p>Up when every Redis node of the manager answers {@code PING} within {@code redis.timeout}
 * ({@link RedisCacheManager#ping()}); down when one does not, or when the manager is closed.
 * Details: {@code redis} ({@code reachable} or {@code unreachable}), {@code source} (where the
 * settings came from) and, per cache, {@code near-cache}: {@code enabled} when the cache has a near
 * tier in this JVM, else {@code disabled}; with a near tier, {@code segments-serving}: how many of
 * the cache's segments its near tier serves from now, of all ({@code 16/16}). A cache whose near
 * tier serves fewer is still up: the other segments' reads go to Redis.
 *
 * <p>Not an API for applications: the starter's modules use it; it may change in any release.
 */
public final class NearCacheHealth {

  /** The outcome of one check. */
  public record Report(boolean up, Map<String, Object> details) {}

  private NearCacheHealth() {}

  public static Report check(RedisCacheManager manager) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (manager.isClosed()) {
      details.put("manager", "closed");
      return new Report(false, details);
    }
    boolean reachable = manager.ping();
    details.put("redis", reachable ? "reachable" : "unreachable");
    details.put("source", manager.settings().source());
    Map<String, Object> caches = new TreeMap<>();
    for (String name : manager.getCacheNames()) {
      Map<String, Object> cacheDetails = new LinkedHashMap<>();
      try {
        // Open already in a Spring application (JCacheCacheManager opens every cache at start-up);
        // a cache the file defines that is not open yet is opened here, which needs Redis.
        Cache<Object, Object> cache = manager.getCache(name);
        if (cache == null) {
          continue;
        }
        RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
        boolean near = redisCache.nearCacheMetrics() != null;
        cacheDetails.put("near-cache", near ? "enabled" : "disabled");
        if (near) {
          // Below the segment count while a subscription is being confirmed or a lease has run
          // out: those segments' reads go to Redis meanwhile (correct, only slower).
          cacheDetails.put(
              "segments-serving", redisCache.nearSegmentsServing() + "/" + segmentsOf(redisCache));
        }
      } catch (RuntimeException e) {
        cacheDetails.put("error", String.valueOf(e.getMessage()));
      }
      caches.put(name, cacheDetails);
    }
    details.put("caches", caches);
    return new Report(reachable, details);
  }

  @SuppressWarnings("unchecked")
  private static int segmentsOf(RedisCache<?, ?> cache) {
    return ((RedisCache<Object, Object>) cache)
        .getConfiguration(RedisCacheConfiguration.class)
        .getSegments();
  }
}
