package dev.nearcache.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;
import org.jsr107.ri.annotations.AbstractCacheResultInterceptor;

/**
 * Runs {@code @CacheResult} methods: a cached result (or, with {@code exceptionCacheName}, a cached
 * exception) is returned (thrown) without running the method; a new non-null result is cached.
 */
@CacheResult
@Interceptor
@Priority(CacheAnnotationsExtension.PRIORITY)
public class CacheResultInterceptor extends AbstractCacheResultInterceptor<InvocationContext> {

  @Inject CacheAnnotationsExtension extension;

  @AroundInvoke
  public Object intercept(InvocationContext invocation) throws Exception {
    try {
      return cacheResult(extension.lookup(), invocation);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw Rethrow.undeclared(t);
    }
  }

  /**
   * Caches the method's exception as the RI does, except that an exception the cache refuses (a
   * class the codec does not allow, Redis unreachable) does not replace the method's own: it is
   * thrown with the cache's failure {@linkplain Throwable#addSuppressed suppressed}.
   */
  @Override
  protected void cacheException(
      Cache<Object, Throwable> exceptionCache,
      GeneratedCacheKey key,
      CacheResult annotation,
      Throwable thrown) {
    try {
      super.cacheException(exceptionCache, key, annotation, thrown);
    } catch (RuntimeException notCached) {
      thrown.addSuppressed(notCached);
    }
  }

  @Override
  protected Object proceed(InvocationContext invocation) throws Exception {
    return invocation.proceed();
  }
}
