package dev.nearcache.hibernate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;

/**
 * Counts the session factories of this JVM using each cache and each cache manager, so that the
 * last one to close closes them. {@code hibernate-jcache} closes a region's cache and the cache
 * manager whenever a session factory closes; a cache manager, and so its caches, is shared by
 * everything asking for the same URI and class loader, so another session factory still open over
 * them would fail ("Cache ... is closed").
 */
final class SharedCaches {
  private static final Map<Object, Integer> USERS = new ConcurrentHashMap<>();

  private SharedCaches() {}

  /** Counts one more user of {@code shared} (a cache manager or a cache). */
  static void acquire(Object shared) {
    USERS.merge(shared, 1, Integer::sum);
  }

  /** Whether a session factory of this JVM uses {@code shared}. */
  static boolean inUse(Object shared) {
    return USERS.containsKey(shared);
  }

  /** Counts one user less; true when it was the last, which then closes {@code shared}. */
  static boolean release(Object shared) {
    return USERS.computeIfPresent(shared, (s, n) -> n == 1 ? null : n - 1) == null;
  }

  /** The cache, with a {@code close()} that closes it only for its last user. */
  @SuppressWarnings("unchecked")
  static Cache<Object, Object> acquireCache(Cache<Object, Object> cache) {
    acquire(cache);
    InvocationHandler handler = new ReleasingClose(cache);
    return (Cache<Object, Object>)
        Proxy.newProxyInstance(
            SharedCaches.class.getClassLoader(), new Class<?>[] {Cache.class}, handler);
  }

  /**
   * The cache, with a {@code close()} that does nothing: the cache of a manager the application
   * closes itself ({@link NearCacheRegionFactory#CLOSE_CACHE_MANAGER}).
   */
  @SuppressWarnings("unchecked")
  static Cache<Object, Object> notClosing(Cache<Object, Object> cache) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null;
          }
          try {
            return method.invoke(cache, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Cache<Object, Object>)
        Proxy.newProxyInstance(
            SharedCaches.class.getClassLoader(), new Class<?>[] {Cache.class}, handler);
  }

  private static final class ReleasingClose implements InvocationHandler {
    private final Cache<Object, Object> cache;
    private boolean released;

    ReleasingClose(Cache<Object, Object> cache) {
      this.cache = cache;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        synchronized (this) {
          if (!released) {
            released = true;
            if (release(cache)) {
              cache.close();
            }
          }
        }
        return null;
      }
      try {
        return method.invoke(cache, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
