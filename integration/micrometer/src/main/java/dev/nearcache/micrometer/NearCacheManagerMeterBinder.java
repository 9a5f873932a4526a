package dev.nearcache.micrometer;

import dev.nearcache.jcache.RedisCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.CacheManager;

/**
 * The meters of every cache of a {@link RedisCacheManager}, each as a {@link NearCacheMeterBinder}
 * binds them: the caches open when it is bound, and every cache opened later (by {@code
 * createCache}, or a configured cache's first {@code getCache}); a cache's meters are removed from
 * the registry when it closes or is destroyed, and with them its counting.
 *
 * <p>Caches that the configuration file defines but nothing has opened yet are not opened by
 * binding: opening one subscribes to its change channels and starts its reconciliation, which an
 * application that never uses the cache should not pay for, and may fail. Their meters appear when
 * they are first opened; call {@code getCache} for them first to have them from the start.
 *
 * <p>Thread-safe. {@link #close()} removes every meter it registered and stops following the
 * manager.
 */
public final class NearCacheManagerMeterBinder implements MeterBinder, AutoCloseable {
  private final RedisCacheManager manager;
  private final Tags tags;
  private final List<Follower> followers = new ArrayList<>();
  private boolean closed;

  /** Meters for {@code manager}'s caches, tagged {@code cache.manager} with the manager's URI. */
  public NearCacheManagerMeterBinder(CacheManager manager) {
    this(manager, Tags.empty());
  }

  /**
   * Meters for {@code manager}'s caches with {@code tags} added to each; a {@code cache.manager}
   * tag among them names the manager instead of its URI.
   */
  public NearCacheManagerMeterBinder(CacheManager manager, Iterable<Tag> tags) {
    Objects.requireNonNull(manager, "manager must not be null");
    Objects.requireNonNull(tags, "tags must not be null");
    this.manager =
        manager instanceof RedisCacheManager redisManager
            ? redisManager
            : manager.unwrap(RedisCacheManager.class);
    this.tags = Tags.of(tags);
  }

  /**
   * Binds the caches open now and follows the manager until {@link #close()}; nothing if it is
   * closed.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    if (closed || manager.isClosed()) {
      return;
    }
    Follower follower = new Follower(registry, tags);
    followers.add(follower);
    try {
      manager.addCacheLifecycleListener(follower);
    } catch (RuntimeException e) {
      followers.remove(follower);
      follower.close();
      throw e;
    }
  }

  /** Stops following the manager and removes every cache's meters; closing twice is harmless. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Follower follower : followers) {
      manager.removeCacheLifecycleListener(follower);
      follower.close();
    }
    followers.clear();
  }

  @Override
  public String toString() {
    return "NearCacheManagerMeterBinder[" + manager.getURI() + ", " + tags + "]";
  }
}
