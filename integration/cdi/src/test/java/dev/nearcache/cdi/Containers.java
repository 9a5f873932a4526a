package dev.nearcache.cdi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Weld SE containers and small helpers shared by the tests. */
final class Containers {
  private Containers() {}

  /**
   * A Weld SE container with these bean classes and no bean discovery. Without discovery Weld SE
   * loads no {@code META-INF/services} extensions either, so nearcache-cdi's extension is added as
   * an application using {@code disableDiscovery()} adds it (with discovery, as in the
   * annotations-tests module's quick start, the service registration alone is enough).
   */
  static WeldContainer start(String id, Class<?>... beanClasses) {
    return new Weld(id)
        .disableDiscovery()
        .addExtension(new CacheAnnotationsExtension())
        .addBeanClasses(beanClasses)
        .initialize();
  }

  /** The provider's default manager: where the interceptors put caches when no bean names one. */
  static CacheManager defaultManager() {
    return Caching.getCachingProvider().getCacheManager();
  }

  static List<Object> keys(Cache<Object, Object> cache) {
    List<Object> keys = new ArrayList<>();
    for (Cache.Entry<Object, Object> entry : cache) {
      keys.add(entry.getKey());
    }
    return keys;
  }

  /** Polls until {@code condition} holds (another node's change arrives by message). */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s: " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
