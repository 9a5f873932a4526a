package dev.nearcache.micrometer;

import dev.nearcache.jcache.CacheLifecycleListener;
import dev.nearcache.jcache.RedisCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One registry's {@link NearCacheMeterBinder}s for a manager's caches, one per open cache, kept up
 * to date by the manager's lifecycle events ({@link NearCacheManagerMeterBinder} registers it).
 */
final class Follower implements CacheLifecycleListener {
  private final MeterRegistry registry;
  private final Tags tags;
  private final IdentityHashMap<RedisCache<?, ?>, NearCacheMeterBinder> binders =
      new IdentityHashMap<>();
  private boolean done;

  Follower(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  @Override
  public synchronized void opened(RedisCache<?, ?> cache) {
    // A cache closed concurrently may be reported closed before it is reported open.
    if (done || cache.isClosed() || binders.containsKey(cache)) {
      return;
    }
    NearCacheMeterBinder binder = new NearCacheMeterBinder(cache, tags);
    binder.bindTo(registry);
    binders.put(cache, binder);
  }

  @Override
  public synchronized void closed(RedisCache<?, ?> cache) {
    NearCacheMeterBinder binder = binders.remove(cache);
    if (binder == null) {
      return;
    }
    binder.close();
    // The manager forgets a closed cache before telling its listeners, so a cache of the same
    // name may have opened in between: the registry gave it the closed one's meters (same names
    // and tags), just removed. Register them again, reading the open cache.
    for (Map.Entry<RedisCache<?, ?>, NearCacheMeterBinder> other : binders.entrySet()) {
      if (other.getKey().getName().equals(cache.getName())) {
        other.getValue().close();
        NearCacheMeterBinder again = new NearCacheMeterBinder(other.getKey(), tags);
        again.bindTo(registry);
        other.setValue(again);
      }
    }
  }

  /** Removes every cache's meters and ignores later events. */
  synchronized void close() {
    done = true;
    binders.values().forEach(NearCacheMeterBinder::close);
    binders.clear();
  }
}
