package dev.nearcache.annotations.spring;

import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring quick start's configuration (docs/annotations.md). */
// tag::spring-config[]
@Configuration
@EnableCaching // with spring-context-support and cache-api: the JSR-107 annotations too
public class CacheConfig {
  @Bean // closed with the context
  javax.cache.CacheManager jcacheManager() {
    return Caching.getCachingProvider().getCacheManager(); // nearcache.yaml
  }

  @Bean
  JCacheCacheManager cacheManager(javax.cache.CacheManager jcache) {
    return new JCacheCacheManager(jcache) {
      @Override
      protected Cache getMissingCache(String name) { // none yet: create it with the file's defaults
        Cache defined = super.getMissingCache(name);
        return defined != null
            ? defined
            : new JCacheCache(jcache.createCache(name, new MutableConfiguration<>()));
      }
    };
  }
}
// end::spring-config[]
