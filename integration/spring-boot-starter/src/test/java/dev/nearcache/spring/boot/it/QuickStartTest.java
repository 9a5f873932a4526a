package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.books.Book;
import com.example.books.BookApplication;
import com.example.books.BookRepository;
import com.example.books.BookService;
import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.jcache.RedisCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start of docs/spring-boot.md, run: the starter, nearcache.yaml and application.yml, and
 * nothing else. Two JCache providers are on the class path when Redisson's own jar is (the starter
 * module's tests have it; the Boot 4 tests do not): the starter still picks ours.
 */
@Timeout(120)
class QuickStartTest {
  static final String QUICK_START =
      "--spring.config.location=classpath:/quickstart/application.yml";

  /** Spring Boot's cache type unset (the quick start) and set to jcache: the same one manager. */
  @ParameterizedTest
  @ValueSource(strings = {"", "--spring.cache.type=jcache"})
  void theQuickStartCachesThroughOneSpringCacheManagerOverOurJCacheManager(String cacheType) {
    String[] args =
        cacheType.isEmpty() ? new String[] {QUICK_START} : new String[] {QUICK_START, cacheType};
    try (ConfigurableApplicationContext app = Apps.run(BookApplication.class, args)) {
      Map<String, CacheManager> springManagers = app.getBeansOfType(CacheManager.class);
      assertEquals(1, springManagers.size(), "one Spring CacheManager: " + springManagers.keySet());
      JCacheCacheManager spring =
          assertInstanceOf(JCacheCacheManager.class, springManagers.get("cacheManager"));
      Map<String, javax.cache.CacheManager> jcacheManagers =
          app.getBeansOfType(javax.cache.CacheManager.class);
      assertEquals(
          1, jcacheManagers.size(), "one javax.cache.CacheManager: " + jcacheManagers.keySet());
      RedisCacheManager manager =
          assertInstanceOf(RedisCacheManager.class, jcacheManagers.values().iterator().next());
      assertSame(manager, spring.getCacheManager());
      assertInstanceOf(NearCachingProvider.class, manager.getCachingProvider());
      assertEquals("classpath:nearcache.yaml + properties", manager.settings().source());
      assertEquals(
          TestRedis.uri(),
          manager.settings().redis().address(),
          "nearcache.redis.address reached the provider");

      // spring.cache.cache-names: books is the one nearcache.yaml defines (its expiry), recent is
      // created.
      assertTrue(
          List.of("books", "recent").stream().allMatch(spring.getCacheNames()::contains),
          "" + spring.getCacheNames());
      assertNotNull(manager.getCache("recent"));
      javax.cache.Cache<Object, Object> booksCache = manager.getCache("books");
      @SuppressWarnings("unchecked")
      RedisCacheConfiguration<Object, Object> booksConfig =
          booksCache.getConfiguration(RedisCacheConfiguration.class);
      javax.cache.expiry.Duration expiry =
          booksConfig.getExpiryPolicyFactory().create().getExpiryForCreation();
      assertEquals(
          10,
          expiry.getTimeUnit().toMinutes(expiry.getDurationAmount()),
          "books is nearcache.yaml's");

      manager.getCache("books").clear(); // Redis outlives each run of this method
      BookService books = app.getBean(BookService.class);
      BookRepository repository = app.getBean(BookRepository.class);
      repository.store(new Book("isbn-1", "Dune"));
      assertEquals(new Book("isbn-1", "Dune"), books.find("isbn-1"));
      assertEquals(new Book("isbn-1", "Dune"), books.find("isbn-1"));
      assertEquals(1, repository.loads(), "the second call is a cache hit");
      RedisCache<?, ?> cache = manager.getCache("books").unwrap(RedisCache.class);
      assertNotNull(cache.nearCacheMetrics(), "books has a near tier");

      books.save(new Book("isbn-1", "Dune Messiah"));
      assertEquals(new Book("isbn-1", "Dune Messiah"), books.find("isbn-1"));
      books.remove("isbn-1");
      books.find("isbn-1");
      assertEquals(2, repository.loads(), "the eviction made the next call load");
    }
  }

  /** README.md's quick start: application.yml alone (the manager reads a file without settings). */
  @Test
  void theReadmeQuickStartNeedsOnlyApplicationYml() {
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.config.location=classpath:/quickstart/readme-application.yml",
            "--nearcache.manager-uri=classpath:quickstart/no-settings.yaml")) {
      RedisCacheManager manager = app.getBean(RedisCacheManager.class);
      assertTrue(manager.settings().cacheNames().isEmpty(), "no cache defined in a file");
      manager.getCache("books").clear();
      BookService books = app.getBean(BookService.class);
      assertEquals(new Book("isbn-3", "untitled"), books.find("isbn-3"));
      assertEquals(new Book("isbn-3", "untitled"), books.find("isbn-3"));
      assertEquals(1, app.getBean(BookRepository.class).loads());
    }
  }

  @Test
  void theStarterPicksOurProviderWhateverElseIsOnTheClassPath() {
    List<String> providers = new ArrayList<>();
    for (CachingProvider provider : Caching.getCachingProviders()) {
      providers.add(provider.getClass().getName());
    }
    boolean redisson = isPresent("org.redisson.jcache.JCachingProvider");
    assertEquals(redisson ? 2 : 1, providers.size(), "providers: " + providers);
    assertTrue(providers.contains(NearCachingProvider.class.getName()));
    try (ConfigurableApplicationContext app = Apps.run(BookApplication.class, QUICK_START)) {
      assertInstanceOf(RedisCacheManager.class, app.getBean(javax.cache.CacheManager.class));
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
