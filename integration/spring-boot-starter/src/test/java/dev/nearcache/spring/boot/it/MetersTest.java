package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.example.books.Book;
import com.example.books.BookApplication;
import com.example.books.BookService;
import io.micrometer.core.instrument.MeterRegistry;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With the starter and the actuator, every cache has meters, counted exactly with JCache statistics
 * off (the default), under the standard names and the tags {@code cache} and {@code cache.manager};
 * a cache created after start-up gets them too, and Boot's own JCache binder (which reads the
 * statistics MBean) does not register a second set.
 */
@Timeout(120)
class MetersTest {

  @Test
  void everyCacheIsMeteredWithStatisticsOffIncludingCachesCreatedLater() {
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.cache.cache-names=books",
            "--nearcache.manager-uri=urn:meters")) {
      MeterRegistry registry = app.getBean(MeterRegistry.class);
      BookService books = app.getBean(BookService.class);
      books.save(new Book("isbn-m1", "Metered")); // a put
      books.find("isbn-m1"); // a hit
      books.find("isbn-m1"); // a hit
      books.find("isbn-m2"); // a miss (then the method runs and puts)

      assertEquals(2.0, count(registry, "cache.gets", "books", "result", "hit"));
      assertEquals(1.0, count(registry, "cache.gets", "books", "result", "miss"));
      assertEquals(2.0, count(registry, "cache.puts", "books"));
      assertEquals(
          1,
          registry.find("cache.gets").tag("cache", "books").tag("result", "hit").meters().size(),
          "one meter per id: Boot's JCache binder left our caches alone");
      assertEquals(
          2.0,
          registry
              .get("nearcache.near.gets")
              .tag("cache", "books")
              .tag("result", "hit")
              .functionCounter()
              .count(),
          "the near tier's meters are there too");

      javax.cache.CacheManager jcache = app.getBean(javax.cache.CacheManager.class);
      Cache<String, String> later =
          jcache.createCache("created-later", new MutableConfiguration<>());
      later.put("k", "v");
      later.get("k");
      assertEquals(1.0, count(registry, "cache.puts", "created-later"));
      assertEquals(1.0, count(registry, "cache.gets", "created-later", "result", "hit"));

      jcache.destroyCache("created-later");
      assertNull(
          registry.find("cache.puts").tag("cache", "created-later").functionCounter(),
          "a destroyed cache's meters are removed");
    }
  }

  private static double count(MeterRegistry registry, String name, String cache, String... tags) {
    return registry
        .get(name)
        .tag("cache", cache)
        .tag("cache.manager", "cacheManager")
        .tags(tags)
        .functionCounter()
        .count();
  }
}
