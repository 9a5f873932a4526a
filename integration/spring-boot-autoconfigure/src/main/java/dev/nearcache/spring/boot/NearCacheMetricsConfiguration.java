package dev.nearcache.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Configuration;

/**
 * PLACEHOLDER for cache meters (issue 13 item 3): meters of every cache, including caches created
 * after start-up (Boot's own cache metrics bind only the caches that exist at start-up,
 * spring-boot#14576, and read JCache statistics, which are off by default).
 *
 * <p>TODO(meters): once {@code nearcache-micrometer} is merged, the starter depends on it
 * (optional) and this configuration registers its manager-level binder for the
 * {@code RedisCacheManager} bean (it follows caches through
 * {@code RedisCacheManager#addCacheLifecycleListener}), conditional on a {@code MeterRegistry}
 * bean. Nothing is registered yet.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class NearCacheMetricsConfiguration {}
