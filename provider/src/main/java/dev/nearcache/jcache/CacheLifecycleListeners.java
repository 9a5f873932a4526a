package dev.nearcache.jcache;

import java.lang.System.Logger.Level;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A manager's {@link CacheLifecycleListener}s: told in registration order, each failure logged
 * alone.
 */
final class CacheLifecycleListeners {
  private static final System.Logger LOG =
      System.getLogger(CacheLifecycleListeners.class.getName());

  private final CopyOnWriteArrayList<CacheLifecycleListener> listeners =
      new CopyOnWriteArrayList<>();

  void add(CacheLifecycleListener listener) {
    listeners.add(listener);
  }

  void remove(CacheLifecycleListener listener) {
    listeners.remove(listener);
  }

  void opened(RedisCache<?, ?> cache) {
    for (CacheLifecycleListener listener : listeners) {
      try {
        listener.opened(cache);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Cache '"
                + cache.getName()
                + "': lifecycle listener "
                + listener
                + " failed on open; the cache is open all the same",
            e);
      }
    }
  }

  void closed(RedisCache<?, ?> cache) {
    for (CacheLifecycleListener listener : listeners) {
      try {
        listener.closed(cache);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Cache '"
                + cache.getName()
                + "': lifecycle listener "
                + listener
                + " failed on close; the cache is closed all the same",
            e);
      }
    }
  }
}
