package dev.nearcache.cdi;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key the CDI interceptors store entries under: the values of the method's key parameters
 * (those marked {@code @CacheKey}, else all but the {@code @CacheValue}), in order. Two keys are
 * equal when their parameters are ({@link Arrays#deepEquals}).
 *
 * <p>Only the parameters are written when the key is encoded: the hash code is computed from them
 * when first asked for and is not part of the stored form, so equal keys encode to equal bytes on
 * every JVM even when a parameter's hash code is not stable across JVMs (an enum's, for example).
 * Each parameter must itself be a class the codec stores.
 *
 * <p>This module allows the class in every codec itself ({@link CdiAllowedClasses}), so it needs no
 * {@code codec.allow} entry.
 */
public final class ParametersKey implements GeneratedCacheKey {
  private static final long serialVersionUID = 1L;

  private final Object[] parameters;
  private transient int hash; // 0: not computed yet (also after decoding, which does not write it)

  public ParametersKey(Object... parameters) {
    this.parameters = parameters.clone();
  }

  /** A copy of the key parameters' values. */
  public Object[] parameters() {
    return parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof ParametersKey key && Arrays.deepEquals(parameters, key.parameters));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.deepHashCode(parameters);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "ParametersKey" + Arrays.deepToString(parameters);
  }
}
