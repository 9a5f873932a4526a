package dev.nearcache.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CachePut;
import org.jsr107.ri.annotations.AbstractCachePutInterceptor;

/**
 * Runs {@code @CachePut} methods: stores the {@code @CacheValue} argument under the key parameters,
 * after the method returns (or before it runs, {@code afterInvocation = false}).
 */
@CachePut
@Interceptor
@Priority(CacheAnnotationsExtension.PRIORITY)
public class CachePutInterceptor extends AbstractCachePutInterceptor<InvocationContext> {

  @Inject CacheAnnotationsExtension extension;

  @AroundInvoke
  public Object intercept(InvocationContext invocation) throws Exception {
    try {
      return cachePut(extension.lookup(), invocation);
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
