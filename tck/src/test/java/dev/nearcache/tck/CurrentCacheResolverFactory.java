package dev.nearcache.tck;

import java.lang.annotation.Annotation;
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
import javax.cache.spi.CachingProvider;

/**
 * Like the annotations RI's {@code DefaultCacheResolverFactory} (the default {@link
 * CachingProvider}'s default {@link CacheManager}; a missing cache is created with a plain {@link
 * MutableConfiguration}), but resolving on every invocation, so a manager closed by an earlier test
 * is replaced by the provider's new one rather than failing with {@link IllegalStateException}.
 */
public final class CurrentCacheResolverFactory implements CacheResolverFactory {

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new CurrentCacheResolver(details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    if (name == null || name.trim().isEmpty()) {
      throw new IllegalArgumentException(
          "Can only be called when CacheResult.exceptionCacheName() is specified");
    }
    return new CurrentCacheResolver(name);
  }

  private static final class CurrentCacheResolver implements CacheResolver {
    private final String name;

    CurrentCacheResolver(String name) {
      this.name = name;
    }

    @Override
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
      CachingProvider provider = Caching.getCachingProvider();
      CacheManager manager =
          provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader());
      Cache<K, V> cache = manager.getCache(name);
      if (cache == null) {
        try {
          cache = manager.createCache(name, new MutableConfiguration<K, V>());
        } catch (CacheException alreadyCreated) {
          cache = manager.getCache(name);
          if (cache == null) {
            throw alreadyCreated;
          }
        }
      }
      return cache;
    }
  }
}
