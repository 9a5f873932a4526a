package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.books.BookApplication;
import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCacheManager;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** When the starter steps aside: another cache type, the application's own managers. */
@Timeout(120)
class BackOffTest {

  @Test
  void anotherCacheTypeTakesOverAndNoJCacheManagerIsMade() {
    try (ConfigurableApplicationContext app =
        Apps.run(BookApplication.class, "--spring.cache.type=simple")) {
      assertInstanceOf(ConcurrentMapCacheManager.class, app.getBean(CacheManager.class));
      assertEquals(0, app.getBeansOfType(javax.cache.CacheManager.class).size());
    }
    try (ConfigurableApplicationContext app =
        Apps.run(BookApplication.class, "--spring.cache.type=none")) {
      assertInstanceOf(NoOpCacheManager.class, app.getBean(CacheManager.class));
      assertEquals(0, app.getBeansOfType(javax.cache.CacheManager.class).size());
    }
  }

  @Test
  void namingOurProviderIsFine() {
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.cache.jcache.provider=" + NearCachingProvider.class.getName())) {
      assertEquals(1, app.getBeansOfType(CacheManager.class).size());
      assertInstanceOf(RedisCacheManager.class, app.getBean(javax.cache.CacheManager.class));
    }
  }

  @Test
  void theApplicationsOwnSpringCacheManagerWins() {
    try (ConfigurableApplicationContext app = Apps.run(OwnSpringManager.class)) {
      Map<String, CacheManager> managers = app.getBeansOfType(CacheManager.class);
      assertEquals(1, managers.size(), managers.keySet().toString());
      assertInstanceOf(ConcurrentMapCacheManager.class, managers.get("myCacheManager"));
    }
  }

  @Test
  void theApplicationsOwnJCacheManagerIsWrapped() {
    try (ConfigurableApplicationContext app = Apps.run(OwnJCacheManager.class)) {
      javax.cache.CacheManager own = app.getBean("myJCacheManager", javax.cache.CacheManager.class);
      assertEquals(1, app.getBeansOfType(javax.cache.CacheManager.class).size());
      assertEquals(URI.create("urn:own"), own.getURI());
      assertSame(
          own,
          assertInstanceOf(JCacheCacheManager.class, app.getBean(CacheManager.class))
              .getCacheManager());
    }
    assertTrue(OwnJCacheManager.made.isClosed(), "Spring closed the application's manager");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  static class OwnSpringManager {
    @Bean
    CacheManager myCacheManager() {
      return new ConcurrentMapCacheManager("books");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  static class OwnJCacheManager {
    static javax.cache.CacheManager made;

    @Bean
    javax.cache.CacheManager myJCacheManager() {
      Properties properties = new Properties();
      properties.setProperty("redis.address", TestRedis.uri());
      made =
          Caching.getCachingProvider(NearCachingProvider.class.getName())
              .getCacheManager(URI.create("urn:own"), getClass().getClassLoader(), properties);
      return made;
    }
  }
}
