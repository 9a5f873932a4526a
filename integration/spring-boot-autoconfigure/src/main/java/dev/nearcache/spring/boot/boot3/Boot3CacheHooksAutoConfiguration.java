package dev.nearcache.spring.boot.boot3;

import dev.nearcache.spring.boot.NearCacheAutoConfiguration;
import dev.nearcache.spring.boot.NearCacheBootHooks;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.CacheManagerCustomizer;
import org.springframework.boot.autoconfigure.cache.CacheManagerCustomizers;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3: calls the customizer beans of Boot's cache auto-configuration (package {@code
 * org.springframework.boot.autoconfigure.cache}, Boot 3 only) from the nearcache
 * auto-configuration. Inert under Boot 4, where that package is gone.
 */
@AutoConfiguration(before = NearCacheAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer",
      "org.springframework.cache.jcache.JCacheCacheManager",
      "javax.cache.Caching"
    })
public class Boot3CacheHooksAutoConfiguration {

  @Bean
  NearCacheBootHooks nearcacheBoot3CacheHooks(
      ObjectProvider<JCachePropertiesCustomizer> propertiesCustomizers,
      ObjectProvider<JCacheManagerCustomizer> managerCustomizers,
      ObjectProvider<CacheManagerCustomizer<?>> cacheManagerCustomizers) {
    return new NearCacheBootHooks() {
      @Override
      public void customizeProperties(Properties properties) {
        propertiesCustomizers
            .orderedStream()
            .forEach(customizer -> customizer.customize(properties));
      }

      @Override
      public void customizeJCacheManager(javax.cache.CacheManager cacheManager) {
        managerCustomizers
            .orderedStream()
            .forEach(customizer -> customizer.customize(cacheManager));
      }

      @Override
      public void customizeCacheManager(JCacheCacheManager cacheManager) {
        new CacheManagerCustomizers(cacheManagerCustomizers.orderedStream().toList())
            .customize(cacheManager);
      }
    };
  }
}
