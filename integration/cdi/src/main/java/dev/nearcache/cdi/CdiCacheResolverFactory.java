package dev.nearcache.cdi;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;

/**
 * The default {@link CacheResolverFactory}: caches come from the application's {@code
 * javax.cache.CacheManager} bean when it has one (with the {@code @Default} qualifier), else from
 * the default caching provider's default manager. A cache the manager does not have is created with
 * {@code createCache(name, new MutableConfiguration<>())}: with nearcache, the configuration file's
 * {@code defaults} then apply to it.
 *
 * <p>Unlike the annotations RI's {@code DefaultCacheResolverFactory}, nothing is resolved when a
 * method's details are built: each resolver looks its cache up on first use and again whenever the
 * cache it holds is closed (its manager was closed, or the cache destroyed), so a manager closed
 * and reopened by the application does not leave the interceptors with a dead cache. A cache
 * created on demand is not worth a warning: the configuration file's defaults are the intended
 * configuration of every cache it does not name.
 */
final class CdiCacheResolverFactory implements CacheResolverFactory {

  private final BeanManager beanManager;
  private final Object lock = new Object();
  private CacheManager manager; // guarded by lock

  CdiCacheResolverFactory(BeanManager beanManager) {
    this.beanManager = beanManager;
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new NamedCacheResolver(details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    if (name == null || name.trim().isEmpty()) {
      throw new IllegalArgumentException(
          "Only for a @CacheResult with an exceptionCacheName: " + details.getMethod());
    }
    return new NamedCacheResolver(name);
  }

  /**
   * The cache {@code name} of the current manager, created with the file's defaults when missing.
   */
  Cache<Object, Object> cache(String name) {
    synchronized (lock) {
      CacheManager current = manager();
      Cache<Object, Object> cache = current.getCache(name);
      if (cache == null) {
        try {
          cache = current.createCache(name, new MutableConfiguration<>());
        } catch (CacheException createdMeanwhile) {
          // Another user of the same manager (not an interceptor: they share this lock) created it.
          cache = current.getCache(name);
          if (cache == null) {
            throw createdMeanwhile;
          }
        }
      }
      return cache;
    }
  }

  private CacheManager manager() {
    if (manager == null || manager.isClosed()) {
      manager = lookUpManager();
    }
    return manager;
  }

  private CacheManager lookUpManager() {
    Set<Bean<?>> beans = beanManager.getBeans(CacheManager.class);
    if (!beans.isEmpty()) {
      Bean<?> bean = beanManager.resolve(beans);
      return (CacheManager)
          beanManager.getReference(
              bean, CacheManager.class, beanManager.createCreationalContext(bean));
    }
    return Caching.getCachingProvider().getCacheManager();
  }

  /** Holds its cache while it is open; looks it up again once it is closed. */
  private final class NamedCacheResolver implements CacheResolver {
    private final String name;
    private volatile Cache<Object, Object> cache;

    NamedCacheResolver(String name) {
      this.name = name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
      Cache<Object, Object> current = cache;
      if (current == null || current.isClosed()) {
        current = cache(name);
        cache = current;
      }
      return (Cache<K, V>) current;
    }
  }
}
