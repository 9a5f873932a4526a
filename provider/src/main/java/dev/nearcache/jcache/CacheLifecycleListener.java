package dev.nearcache.jcache;

/**
 * Told when a {@link RedisCacheManager} opens or closes one of its caches, so that an integration
 * (a meter binder, a health indicator) can follow caches created after it started, for example by
 * {@code createCache} on demand, and forget destroyed ones. Register with {@link
 * RedisCacheManager#addCacheLifecycleListener}.
 *
 * <p>Called on the thread that opened or closed the cache, after the fact; a listener must return
 * quickly and not call back into the manager's lifecycle methods. An exception it throws is logged
 * and does not affect the cache.
 */
public interface CacheLifecycleListener {

  /**
   * The cache is open and usable (from {@code getCache} of a configured cache, or {@code
   * createCache}).
   */
  default void opened(RedisCache<?, ?> cache) {}

  /** The cache was closed: by {@code Cache.close}, {@code destroyCache} or the manager's close. */
  default void closed(RedisCache<?, ?> cache) {}
}
