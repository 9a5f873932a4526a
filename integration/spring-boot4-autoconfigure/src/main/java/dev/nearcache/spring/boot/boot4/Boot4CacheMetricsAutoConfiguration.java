package dev.nearcache.spring.boot.boot4;

import dev.nearcache.jcache.RedisCache;
import dev.nearcache.spring.boot.NearCacheMetricsConfiguration;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Spring Boot 4's cache metrics registrar: our caches are left to {@link
 * NearCacheMetricsConfiguration}'s binder, which counts with statistics off and follows caches
 * created later. Without this, Boot would bind its JCache binder (statistics MBean, zero while
 * statistics are off) to the caches open at start-up under the same meter names and tags, and a
 * registry keeps the first meter registered for an id. Inert under Boot 3, whose registrar lives in
 * another package.
 */
@AutoConfiguration(after = NearCacheMetricsConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.cache.metrics.CacheMeterBinderProvider",
      "dev.nearcache.micrometer.NearCacheManagerMeterBinder"
    })
@ConditionalOnBean(NearCacheMetricsConfiguration.class)
public class Boot4CacheMetricsAutoConfiguration {

  /** Before Boot's own providers: the registrar takes the first binder a provider returns. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  CacheMeterBinderProvider<JCacheCache> nearcacheCacheMeterBinderProvider() {
    return Boot4CacheMetricsAutoConfiguration::bindNothingForOurCaches;
  }

  /**
   * A binder that registers nothing for our caches (they have theirs); null for any other JCache.
   */
  private static MeterBinder bindNothingForOurCaches(JCacheCache cache, Iterable<Tag> tags) {
    return cache.getNativeCache() instanceof RedisCache<?, ?> ? registry -> {} : null;
  }
}
