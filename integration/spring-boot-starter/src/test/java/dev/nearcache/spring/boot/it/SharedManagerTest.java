package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.books.BookApplication;
import com.example.books.BookService;
import dev.nearcache.jcache.RedisCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several application contexts in one JVM (Spring's test context cache keeps several): JCache has
 * one manager per URI, so contexts with the same configuration share it, and it stays open until
 * the last of them closes; a context with other settings for the same URI fails start-up instead of
 * silently getting the first one's.
 */
@Timeout(120)
class SharedManagerTest {
  static final String NAME = "--nearcache.manager-uri=urn:shared";
  static final String CACHES = "--spring.cache.cache-names=books";

  @Test
  void contextsWithTheSameSettingsShareTheManagerUntilTheLastCloses() {
    ConfigurableApplicationContext first = Apps.run(BookApplication.class, NAME, CACHES);
    RedisCacheManager manager;
    try (ConfigurableApplicationContext second = Apps.run(BookApplication.class, NAME, CACHES)) {
      manager = first.getBean(RedisCacheManager.class);
      assertSame(manager, second.getBean(RedisCacheManager.class));
      first.close();
      assertFalse(manager.isClosed(), "the second context still uses it");
      second.getBean(BookService.class).find("isbn-shared");
    }
    assertTrue(manager.isClosed(), "closed with the last context");
    try (ConfigurableApplicationContext third = Apps.run(BookApplication.class, NAME, CACHES)) {
      assertNotSame(manager, third.getBean(RedisCacheManager.class), "a new manager after that");
    }
  }

  @Test
  void aContextWithOtherSettingsForTheSameManagerFails() {
    try (ConfigurableApplicationContext first = Apps.run(BookApplication.class, NAME, CACHES)) {
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  Apps.run(
                      BookApplication.class,
                      NAME,
                      CACHES,
                      "--nearcache.defaults.near-cache.maximum-size=5"));
      String messages = ConfigLocationTest.messages(e);
      assertTrue(
          messages.contains(
              "the cache manager urn:shared is already open in this JVM with other settings"),
          messages);
      assertFalse(
          first.getBean(RedisCacheManager.class).isClosed(),
          "the first context's manager is left alone");
    }
  }
}
