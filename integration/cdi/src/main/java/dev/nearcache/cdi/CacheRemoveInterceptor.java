package dev.nearcache.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheRemove;
import org.jsr107.ri.annotations.AbstractCacheRemoveEntryInterceptor;

/**
 * Runs {@code @CacheRemove} methods: removes the entry of the key parameters, after the method
 * returns (or before it runs).
 */
@CacheRemove
@Interceptor
@Priority(CacheAnnotationsExtension.PRIORITY)
public class CacheRemoveInterceptor extends AbstractCacheRemoveEntryInterceptor<InvocationContext> {

  @Inject CacheAnnotationsExtension extension;

  @AroundInvoke
  public Object intercept(InvocationContext invocation) throws Exception {
    try {
      return cacheRemoveEntry(extension.lookup(), invocation);
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
