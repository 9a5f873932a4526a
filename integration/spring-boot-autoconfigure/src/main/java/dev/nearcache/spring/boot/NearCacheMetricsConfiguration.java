package dev.nearcache.spring.boot;

import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.micrometer.NearCacheManagerMeterBinder;
import io.micrometer.core.instrument.Tags;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Meters of every cache of the starter's manager, including caches created after start-up ({@code
 * nearcache-micrometer}'s {@link NearCacheManagerMeterBinder}, which follows the manager's caches
 * as they open and close): Spring Boot binds a {@code MeterBinder} bean to every registry. Boot's
 * own cache metrics bind only the caches that exist at start-up (spring-boot#14576) and, for
 * JCache, read the statistics MBean, which counts nothing while statistics are off; so each Boot
 * line's configuration ({@code Boot3CacheMetricsAutoConfiguration}, {@code
 * Boot4CacheMetricsAutoConfiguration}) gives Boot's registrar a binder that leaves our caches to
 * this one. The tag {@code cache.manager} is {@code cacheManager}, the Spring cache manager's bean
 * name, as Boot's registrar would set it.
 */
@AutoConfiguration(after = NearCacheAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "io.micrometer.core.instrument.MeterRegistry",
      "dev.nearcache.micrometer.NearCacheManagerMeterBinder"
    })
@ConditionalOnBean(RedisCacheManager.class)
public class NearCacheMetricsConfiguration {

  /**
   * The Spring cache manager's bean name, the {@code cache.manager} tag Boot's own cache meters
   * use.
   */
  static final String CACHE_MANAGER_TAG = "cacheManager";

  @Bean(destroyMethod = "close")
  NearCacheManagerMeterBinder nearcacheMeterBinder(RedisCacheManager cacheManager) {
    return new NearCacheManagerMeterBinder(
        cacheManager, Tags.of("cache.manager", CACHE_MANAGER_TAG));
  }
}
