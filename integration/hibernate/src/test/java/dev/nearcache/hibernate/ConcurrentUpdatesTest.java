package dev.nearcache.hibernate;

import dev.nearcache.hibernate.model.Cached;
import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadWriteBook;
import dev.nearcache.jcache.NearCachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Probe: concurrent updates and reads across session factories. */
@ExtendWith(Backends.class)
class ConcurrentUpdatesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {NonStrictAuthor.class, ReadWriteBook.class})
  void nearcache(Class<? extends Cached> type) throws Exception {
    List<SessionFactory> factories = new ArrayList<>();
    try {
      for (String node : List.of("a", "b", "c")) {
        Map<String, Object> settings = Factories.baseSettings();
        settings.put("hibernate.connection.pool_size", "4");
        settings.put("hibernate.cache.region.factory_class", "nearcache");
        settings.put("hibernate.javax.cache.uri", "urn:race-" + node);
        factories.add(Factories.build(settings));
      }
      UpdateRace.Report report =
          new UpdateRace(type, factories, 3).run(Duration.ofSeconds(5), 2, Duration.ofSeconds(2));
      System.out.println("nearcache " + type.getSimpleName() + ": " + report);
    } finally {
      factories.forEach(SessionFactory::close);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {NonStrictAuthor.class, ReadWriteBook.class})
  void hibernateJCache(Class<? extends Cached> type) throws Exception {
    List<SessionFactory> factories = new ArrayList<>();
    try {
      for (String node : List.of("a", "b", "c")) {
        CacheManager manager =
            Caching.getCachingProvider(NearCachingProvider.class.getName())
                .getCacheManager(
                    URI.create("urn:race-jcache-" + node), getClass().getClassLoader());
        Map<String, Object> settings = Factories.baseSettings();
        settings.put("hibernate.connection.pool_size", "4");
        settings.put("hibernate.cache.region.factory_class", "jcache");
        settings.put("hibernate.javax.cache.cache_manager", manager);
        settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
        factories.add(Factories.build(settings));
      }
      UpdateRace.Report report =
          new UpdateRace(type, factories, 3).run(Duration.ofSeconds(5), 2, Duration.ofSeconds(2));
      System.out.println("hibernate-jcache " + type.getSimpleName() + ": " + report);
    } finally {
      factories.forEach(SessionFactory::close);
    }
  }
}
