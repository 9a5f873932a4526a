package dev.nearcache.cdi;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** The default {@link CacheKeyGenerator}: a {@link ParametersKey} of the key parameters' values. */
final class ParametersKeyGenerator implements CacheKeyGenerator {
  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    CacheInvocationParameter[] keyParameters = context.getKeyParameters();
    Object[] values = new Object[keyParameters.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = keyParameters[i].getValue();
    }
    return new ParametersKey(values);
  }
}
