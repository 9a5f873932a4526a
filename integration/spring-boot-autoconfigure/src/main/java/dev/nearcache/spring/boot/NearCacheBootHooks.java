package dev.nearcache.spring.boot;

import java.util.Properties;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * Where the auto-configuration calls the customizer beans of Spring Boot's cache
 * auto-configuration, whose interfaces live in a package that differs between Boot 3 ({@code
 * org.springframework.boot.autoconfigure.cache}) and Boot 4 ({@code
 * org.springframework.boot.cache.autoconfigure}): one implementation per Boot line, each in a
 * configuration guarded by {@code @ConditionalOnClass} on its line's types, supplies a bean of this
 * type. Boot's own cache auto-configuration backs off when this starter supplies the Spring {@code
 * CacheManager}, so without this bridge its {@code JCachePropertiesCustomizer}, {@code
 * JCacheManagerCustomizer} and {@code CacheManagerCustomizer} beans would be ignored.
 *
 * <p>Not an API for applications: the starter's modules implement it; it may change in any release.
 */
public interface NearCacheBootHooks {

  /** Calls the {@code JCachePropertiesCustomizer} beans on the provider's override properties. */
  default void customizeProperties(Properties properties) {}

  /**
   * Calls the {@code JCacheManagerCustomizer} beans, after {@code spring.cache.cache-names} were
   * created.
   */
  default void customizeJCacheManager(javax.cache.CacheManager cacheManager) {}

  /** Calls the {@code CacheManagerCustomizer} beans that apply to a {@link JCacheCacheManager}. */
  default void customizeCacheManager(JCacheCacheManager cacheManager) {}
}
