package dev.nearcache.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheRemoveAll;
import org.jsr107.ri.annotations.AbstractCacheRemoveAllInterceptor;

/**
 * Runs {@code @CacheRemoveAll} methods: removes every entry of the cache, after the method returns
 * (or before it runs).
 */
@CacheRemoveAll
@Interceptor
@Priority(CacheAnnotationsExtension.PRIORITY)
public class CacheRemoveAllInterceptor
    extends AbstractCacheRemoveAllInterceptor<InvocationContext> {

  @Inject CacheAnnotationsExtension extension;

  @AroundInvoke
  public Object intercept(InvocationContext invocation) throws Exception {
    try {
      return cacheRemoveAll(extension.lookup(), invocation);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw Rethrow.undeclared(t);
    }
  }

  @Override
  protected Object proceed(InvocationContext invocation) throws Exception {
    return invocation.proceed();
  }
}
