package dev.nearcache.annotations.spring;

import static dev.nearcache.annotations.Caches.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.annotations.Caches;
import dev.nearcache.annotations.SharedRedis;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.NullValue;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Spring Framework's own JSR-107 annotation support ({@code @EnableCaching} with
 * spring-context-support and cache-api) over nearcache, through the quick start's {@link
 * CacheConfig}, against a real Redis.
 */
@ExtendWith(SharedRedis.class)
class SpringAnnotationsTest {
  static AnnotationConfigApplicationContext context;
  static ProfileService profiles;
  static OrderService orders;
  static CacheManager jcache;

  @BeforeAll
  static void start() {
    context =
        new AnnotationConfigApplicationContext(
            CacheConfig.class, ProfileService.class, ProfileStore.class, OrderService.class);
    profiles = context.getBean(ProfileService.class);
    orders = context.getBean(OrderService.class);
    jcache = context.getBean(CacheManager.class);
  }

  @AfterAll
  static void stop() {
    context.close();
    assertTrue(jcache.isClosed(), "the context closed the JCache manager");
  }

  @Test
  void resultPutRemoveAndRemoveAll() {
    assertEquals("user s-1", profiles.displayName("s-1"));
    assertEquals("user s-1", profiles.displayName("s-1"));
    assertEquals(1, ProfileStore.loads("s-1"));
    Cache<Object, Object> cache = jcache.getCache("profiles");
    assertEquals("user s-1", cache.get("s-1"));

    profiles.rename("s-1", "Bea");
    assertEquals("Bea", cache.get("s-1"));
    assertEquals("Bea", profiles.displayName("s-1"));
    assertEquals(1, ProfileStore.loads("s-1"));

    profiles.delete("s-1");
    assertFalse(cache.containsKey("s-1"));
    assertEquals("user s-1", profiles.displayName("s-1"));
    assertEquals(2, ProfileStore.loads("s-1"));

    profiles.reloadAll();
    assertFalse(cache.iterator().hasNext(), "@CacheRemoveAll emptied the cache");
    profiles.displayName("s-1");
    assertEquals(3, ProfileStore.loads("s-1"));
  }

  @Test
  void aCacheNoFileDefinesIsCreatedWithTheFilesDefaults() {
    orders.line("o-0", 0); // cache "order-lines" is named by the annotation only
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration =
        jcache.getCache("order-lines").getConfiguration(CompleteConfiguration.class);
    assertTrue(configuration.isStatisticsEnabled(), "defaults.statistics from the file");
  }

  @Test
  void twoKeyParametersMakeASimpleKeyAndNullResultsAreCached() {
    assertEquals("o-1#2", orders.line("o-1", 2));
    assertEquals("o-1#2", orders.line("o-1", 2));
    assertEquals(1, orders.runs("line", "o-1", 2));
    assertEquals("o-1#2", jcache.getCache("order-lines").get(new SimpleKey("o-1", 2)));

    assertNull(orders.note("o-1", "a"));
    assertNull(orders.note("o-1", "b"));
    assertEquals(
        1, orders.runs("note", "o-1"), "Spring caches null results, unlike the annotations RI");
    assertInstanceOf(NullValue.class, jcache.getCache("order-notes").get("o-1"));
  }

  @Test
  void exceptionCacheName() {
    assertThrows(OrderService.UnknownOrderException.class, () -> orders.status("unknown-1"));
    assertThrows(OrderService.UnknownOrderException.class, () -> orders.status("unknown-1"));
    assertEquals(
        1, orders.runs("status", "unknown-1"), "the second call threw the cached exception");
    assertInstanceOf(
        OrderService.UnknownOrderException.class,
        jcache.getCache("order-failures").get("unknown-1"));
    assertEquals("shipped", orders.status("o-2"));
  }

  /**
   * Another node (its own manager and connections) and Spring's annotated bean see each other's
   * writes.
   */
  @Test
  void anotherNodeSeesTheAnnotatedWritesAndTheAnnotatedReadsSeeItsWrites() {
    CacheManager other =
        Caching.getCachingProvider()
            .getCacheManager(
                URI.create("urn:nearcache-annotations-tests:spring-other-node"),
                getClass().getClassLoader());
    try {
      Cache<Object, Object> otherProfiles = Caches.open(other, "profiles");
      profiles.rename("n-1", "Cy");
      assertEquals("Cy", otherProfiles.get("n-1"), "the other node reads Spring's @CachePut");

      assertEquals("Cy", profiles.displayName("n-1"));
      otherProfiles.put("n-1", "Di");
      eventually(
          "Spring's @CacheResult sees the other node's write",
          () -> "Di".equals(profiles.displayName("n-1")));
      assertEquals(
          0, ProfileStore.loads("n-1"), "displayName() never ran: the cache always had a value");
    } finally {
      other.close();
    }
  }
}
