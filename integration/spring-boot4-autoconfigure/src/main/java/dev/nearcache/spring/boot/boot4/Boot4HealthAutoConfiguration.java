package dev.nearcache.spring.boot.boot4;

import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.spring.boot.NearCacheAutoConfiguration;
import dev.nearcache.spring.boot.NearCacheHealth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 4 actuator: the {@code nearcache} health indicator ({@link NearCacheHealth}), on Boot
 * 4's spring-boot-health module. Inert under Boot 3. Off with {@code
 * management.health.nearcache.enabled=false}.
 */
@AutoConfiguration(after = NearCacheAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.health.contributor.AbstractHealthIndicator",
      "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnBean(RedisCacheManager.class)
public class Boot4HealthAutoConfiguration {

  @Bean
  @ConditionalOnEnabledHealthIndicator("nearcache")
  NearCacheHealthIndicator nearcacheHealthIndicator(RedisCacheManager cacheManager) {
    return new NearCacheHealthIndicator(cacheManager);
  }

  /** Up when Redis answers; details per cache. */
  public static final class NearCacheHealthIndicator extends AbstractHealthIndicator {
    private final RedisCacheManager cacheManager;

    NearCacheHealthIndicator(RedisCacheManager cacheManager) {
      super("nearcache health check failed");
      this.cacheManager = cacheManager;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
      NearCacheHealth.Report report = NearCacheHealth.check(cacheManager);
      (report.up() ? builder.up() : builder.down()).withDetails(report.details());
    }
  }
}
