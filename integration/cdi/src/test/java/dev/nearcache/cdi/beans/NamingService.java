package dev.nearcache.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheResult;

/**
 * Cache names and key generators from {@code @CacheDefaults}, the method, or neither: a method with
 * no name anywhere gets the generated name {@code class.method(parameter types)}.
 */
public final class NamingService {
  private NamingService() {}

  /** No {@code @CacheDefaults}: the method's own name, else the generated one. */
  @ApplicationScoped
  public static class Unnamed {
    private final Runs runs = new Runs();

    public int runs(String method, Object key) {
      return runs.of(method, key);
    }

    @CacheResult
    public String generatedName(String id) {
      runs.add("generatedName", id);
      return "g-" + id;
    }

    @CacheResult(cacheName = "defined-in-file")
    public String fromFile(String id) {
      runs.add("fromFile", id);
      return "f-" + id;
    }

    @CacheResult(cacheName = "named-on-method")
    public String namedOnMethod(String id) {
      runs.add("namedOnMethod", id);
      return "m-" + id;
    }
  }

  /**
   * {@code @CacheDefaults} names the cache and the key generator; a method may override the name.
   */
  @ApplicationScoped
  @CacheDefaults(cacheName = "defaults-cache", cacheKeyGenerator = UpperCaseKeyGenerator.class)
  public static class WithDefaults {
    private final Runs runs = new Runs();

    public int runs(String method, Object key) {
      return runs.of(method, key);
    }

    @CacheResult
    public String fromDefaults(String id) {
      runs.add("fromDefaults", id);
      return "d-" + id;
    }

    @CacheResult(cacheName = "overrides-defaults")
    public String overridesDefaults(String id) {
      runs.add("overridesDefaults", id);
      return "o-" + id;
    }
  }
}
