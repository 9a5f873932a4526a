package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.example.books.Book;
import com.example.books.BookApplication;
import com.example.books.BookService;
import dev.nearcache.jcache.RedisCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With the provider's jar alone (the starter's auto-configuration excluded), Spring Boot's own
 * JCache support works with no provider setting: the provider jar registers exactly one {@code
 * CachingProvider}, since Redisson inside it is relocated without its own. Runs on the Boot 4.0
 * line, whose test class path has no Redisson jar of the application's; on the Boot 3.5 line the
 * application's own Redisson brings Redisson's provider back, and Boot would need {@code
 * spring.cache.jcache.provider} (which is why the starter names ours itself).
 */
@Timeout(120)
class BootsOwnJCacheSupportTest {

  static final String STARTER_AUTO_CONFIGURATIONS =
      "dev.nearcache.spring.boot.NearCacheAutoConfiguration,"
          + "dev.nearcache.spring.boot.NearCacheMetricsConfiguration";

  @Test
  void springBootsOwnJCacheSupportFindsOurProviderAlone() {
    System.setProperty("nearcache.test.boot-own.redis", TestRedis.uri());
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.autoconfigure.exclude=" + STARTER_AUTO_CONFIGURATIONS,
            "--spring.cache.jcache.config=classpath:config/boot-own.yaml",
            "--spring.cache.cache-names=books")) {
      assertFalse(
          app.containsBean("nearcacheMeterBinder"), "the starter's auto-configuration is off");
      JCacheCacheManager spring = app.getBean(JCacheCacheManager.class);
      assertInstanceOf(
          RedisCacheManager.class, spring.getCacheManager(), "Boot found our provider");

      BookService books = app.getBean(BookService.class);
      books.save(new Book("isbn-b1", "Boot's own"));
      assertEquals("Boot's own", books.find("isbn-b1").title());
      assertEquals(
          "Boot's own",
          ((Book) spring.getCacheManager().getCache("books").get("isbn-b1")).title(),
          "cached in our provider's cache");
    } finally {
      System.clearProperty("nearcache.test.boot-own.redis");
    }
  }
}
