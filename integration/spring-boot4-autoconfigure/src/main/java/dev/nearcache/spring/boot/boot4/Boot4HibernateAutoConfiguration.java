package dev.nearcache.spring.boot.boot4;

import dev.nearcache.hibernate.NearCacheRegionFactory;
import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.spring.boot.NearCacheAutoConfiguration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 4 with JPA and {@code nearcache-hibernate}: Hibernate's second-level cache on the
 * starter's cache manager, the one Spring's cache abstraction uses. A {@link
 * HibernatePropertiesCustomizer} (Boot 4's, module spring-boot-hibernate) sets {@code
 * hibernate.cache.region.factory_class=nearcache} and hands Hibernate the {@code
 * javax.cache.CacheManager} bean ({@code hibernate.javax.cache.cache_manager}) with {@value
 * NearCacheRegionFactory#CLOSE_CACHE_MANAGER}{@code =false}: the application context, not the
 * entity manager factory, closes that manager.
 *
 * <p>Leaves Hibernate's settings alone when the application chose a region factory other than
 * {@code nearcache} ({@code spring.jpa.properties.hibernate.cache.region.factory_class}); with
 * {@code nearcache} chosen and a cache manager or URI of its own ({@code
 * hibernate.javax.cache.cache_manager}, {@code hibernate.javax.cache.uri}), Hibernate keeps that
 * one. Off with {@value #ENABLED}{@code =false}. Inert under Boot 3 (Hibernate 6.6, which
 * nearcache-hibernate does not support), whose customizer is another class.
 */
@AutoConfiguration(
    after = NearCacheAutoConfiguration.class,
    beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer",
      "dev.nearcache.hibernate.NearCacheRegionFactory"
    })
@ConditionalOnBooleanProperty(name = Boot4HibernateAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnBean(RedisCacheManager.class)
public class Boot4HibernateAutoConfiguration {
  /** The starter's switch for this wiring. */
  public static final String ENABLED = "nearcache.hibernate.enabled";

  static final String FACTORY_CLASS = "hibernate.cache.region.factory_class";
  static final String CACHE_MANAGER = "hibernate.javax.cache.cache_manager";
  static final String CONFIG_URI = "hibernate.javax.cache.uri";

  @Bean
  HibernatePropertiesCustomizer nearcacheHibernatePropertiesCustomizer(
      ObjectProvider<javax.cache.CacheManager> cacheManager) {
    return properties -> customize(properties, cacheManager);
  }

  static void customize(
      Map<String, Object> properties, ObjectProvider<javax.cache.CacheManager> cacheManager) {
    Object factory = properties.get(FACTORY_CLASS);
    if (factory != null && !isNearCache(factory)) {
      return; // the application's choice
    }
    properties.put(FACTORY_CLASS, NearCacheRegionFactory.SHORT_NAME);
    if (properties.get(CACHE_MANAGER) != null || properties.get(CONFIG_URI) != null) {
      return; // a manager of the application's own for Hibernate
    }
    properties.put(CACHE_MANAGER, cacheManager.getObject());
    properties.put(NearCacheRegionFactory.CLOSE_CACHE_MANAGER, "false");
  }

  private static boolean isNearCache(Object factory) {
    String name =
        factory instanceof Class<?> type ? type.getName() : String.valueOf(factory).trim();
    return name.equals(NearCacheRegionFactory.SHORT_NAME)
        || name.equals(NearCacheRegionFactory.class.getName());
  }
}
