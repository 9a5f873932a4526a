package dev.nearcache.spring.boot.boot4;

import dev.nearcache.spring.boot.NearCacheAutoConfiguration;
import dev.nearcache.spring.boot.NearCacheBootHooks;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 4: calls the customizer beans of Boot's cache auto-configuration (module
 * spring-boot-cache, package {@code org.springframework.boot.cache.autoconfigure}) from the
 * nearcache auto-configuration. Inert under Boot 3, and under Boot 4 without spring-boot-cache.
 */
@AutoConfiguration(before = NearCacheAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer",
      "org.springframework.cache.jcache.JCacheCacheManager",
      "javax.cache.Caching"
    })
public class Boot4CacheHooksAutoConfiguration {

  @Bean
  NearCacheBootHooks nearcacheBoot4CacheHooks(
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
