package dev.nearcache.annotations;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/** Small helpers shared by the tests. */
public final class Caches {
  private Caches() {}

  /**
   * The cache {@code name} of {@code manager}: a cache that another manager created (in Redis) and
   * no file defines is unknown to this manager until it creates it too, which adopts the data
   * already in Redis.
   */
  public static Cache<Object, Object> open(CacheManager manager, String name) {
    Cache<Object, Object> cache = manager.getCache(name);
    if (cache != null) {
      return cache;
    }
    try {
      return manager.createCache(name, new MutableConfiguration<>());
    } catch (CacheException createdMeanwhile) {
      return manager.getCache(name);
    }
  }

  /** Polls until {@code condition} holds (another node's change arrives by message). */
  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s: " + what);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
