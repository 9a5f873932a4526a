package dev.nearcache.hibernate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the session factories of this JVM using each cache and each cache manager, so that the
 * last one to close closes them. {@code hibernate-jcache} closes a region's cache and the cache
 * manager whenever a session factory closes; a cache manager, and so its caches, is shared by
 * everything asking for the same URI and class loader, so another session factory still open over
 * them would fail ("Cache ... is closed"). A region's cache is released through its {@link
 * RegionStorage}.
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
}
