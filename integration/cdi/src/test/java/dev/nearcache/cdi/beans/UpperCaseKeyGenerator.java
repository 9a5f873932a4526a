package dev.nearcache.cdi.beans;

import java.lang.annotation.Annotation;
import java.util.Locale;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * A key generator named by {@code @CacheDefaults}, not a CDI bean: made with its no-argument
 * constructor. Keys ignore case, so "a" and "A" share an entry.
 */
public class UpperCaseKeyGenerator implements CacheKeyGenerator {
  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    return new UpperCaseKey(
        String.valueOf(context.getKeyParameters()[0].getValue()).toUpperCase(Locale.ROOT));
  }

  /** Stored under {@code codec.allow: dev.nearcache.cdi.beans.**}. */
  public record UpperCaseKey(String id) implements GeneratedCacheKey {
    private static final long serialVersionUID = 1L;
  }
}
