package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.hibernate.model.ReadWriteBook;
import dev.nearcache.jcache.NearCachingProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.ConfigSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cache manager handed in through {@code hibernate.javax.cache.cache_manager}: closed with the
 * session factory by default, as {@code hibernate-jcache} does; left open, with its regions'
 * caches, under {@value NearCacheRegionFactory#CLOSE_CACHE_MANAGER}{@code =false}, for the
 * application that owns it (the Spring Boot starter) to close.
 */
@ExtendWith(Backends.class)
class HandedInManagerTest {

  @Test
  void anApplicationsManagerOutlivesTheSessionFactoryWhenItSaysSo() {
    long id = Factories.nextId();
    String region = ReadWriteBook.class.getName();
    try (CacheManager manager = open("urn:nearcache-hibernate-handed-in-kept")) {
      Map<String, Object> settings = settings(manager);
      settings.put(NearCacheRegionFactory.CLOSE_CACHE_MANAGER, "false");
      try (SessionFactory factory = Factories.build(settings)) {
        assertSame(manager, Factories.cacheManager(factory));
        factory.inTransaction(s -> s.persist(new ReadWriteBook(id, "c" + id, "n" + id, List.of())));
        factory.getStatistics().clear();
        factory.inSession(s -> assertEquals("n" + id, s.find(ReadWriteBook.class, id).getName()));
        assertEquals(1, factory.getStatistics().getSecondLevelCacheHitCount());
      }
      assertFalse(manager.isClosed(), "the application's manager is left open");
      Cache<Object, Object> cache = manager.getCache(region);
      assertFalse(cache.isClosed(), "and so are the regions' caches in it");
      assertTrue(cache.iterator().hasNext(), "which still hold what the session factory cached");

      // A second session factory over the same manager, after the first closed, works as well.
      try (SessionFactory again = Factories.build(settings)) {
        again.getStatistics().clear();
        again.inSession(s -> assertEquals("n" + id, s.find(ReadWriteBook.class, id).getName()));
        assertEquals(1, again.getStatistics().getSecondLevelCacheHitCount());
      }
      assertFalse(manager.isClosed());
    }
  }

  @Test
  void aHandedInManagerIsClosedWithTheSessionFactoryByDefault() {
    CacheManager manager = open("urn:nearcache-hibernate-handed-in-closed");
    try (SessionFactory factory = Factories.build(settings(manager))) {
      assertSame(manager, Factories.cacheManager(factory));
    } finally {
      assertTrue(manager.isClosed(), "closed with the session factory, as hibernate-jcache does");
      manager.close();
    }
  }

  private static CacheManager open(String uri) {
    return Caching.getCachingProvider(NearCachingProvider.class.getName())
        .getCacheManager(URI.create(uri), NearCachingProvider.class.getClassLoader());
  }

  private static Map<String, Object> settings(CacheManager manager) {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put(ConfigSettings.CACHE_MANAGER, manager);
    return settings;
  }
}
