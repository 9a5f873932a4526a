package dev.nearcache.spring.boot.boot3;

import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.spring.boot.NearCacheAutoConfiguration;
import dev.nearcache.spring.boot.NearCacheHealth;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3 actuator: the {@code nearcache} health indicator ({@link NearCacheHealth}). Inert
 * under Boot 4, whose health types live in {@code org.springframework.boot.health.contributor}. Off
 * with {@code management.health.nearcache.enabled=false}.
 */
@AutoConfiguration(after = NearCacheAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.health.AbstractHealthIndicator",
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnBean(RedisCacheManager.class)
public class Boot3HealthAutoConfiguration {

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
