package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.hibernate.model.Cached;
import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadOnlyCountry;
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

/**
 * Issue 14's part 2: concurrent updates (deletes for READ_ONLY) and reads of the same rows through
 * three session factories, each with its own cache manager, near tier and connections, on
 * PostgreSQL and Redis ({@link UpdateRace}). After an update is acknowledged, no node reads an
 * older state through the second-level cache (entity, collection, natural id, query cache) for
 * longer than the provider's bound, and after the writes stop every node reads the last state.
 */
@ExtendWith(Backends.class)
class ConcurrentUpdatesTest {
  /**
   * The provider's staleness bound when Redis answers, with the defaults: {@code I + RTT}, about 1
   * s (docs/consistency.md, guarantee 4). Without faults a node stops serving a replaced state when
   * the change message arrives, in well under that.
   */
  private static final Duration BOUND = Duration.ofSeconds(1);

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {ReadOnlyCountry.class, NonStrictAuthor.class, ReadWriteBook.class})
  void noNodeReadsAReplacedStateBeyondTheBound(Class<? extends Cached> type) throws Exception {
    List<SessionFactory> factories = new ArrayList<>();
    try {
      for (String node : List.of("a", "b", "c")) {
        Map<String, Object> settings = Factories.baseSettings();
        settings.put("hibernate.connection.pool_size", "4");
        settings.put("hibernate.cache.region.factory_class", "nearcache");
        settings.put("hibernate.javax.cache.uri", "urn:race-" + node);
        factories.add(Factories.build(settings));
      }
      UpdateRace.Report report = race(type, factories);
      System.out.println("nearcache " + type.getSimpleName() + ": " + report);
      assertTrue(report.updates > 30, "updates made: " + report);
      assertEquals(Map.of(), report.notConverged, "last state read everywhere: " + report);
      for (Map.Entry<UpdateRace.Path, Long> beyond : report.staleBeyond(BOUND).entrySet()) {
        assertEquals(0L, beyond.getValue(), beyond.getKey() + " stale beyond the bound: " + report);
      }
    } finally {
      factories.forEach(SessionFactory::close);
    }
  }

  private static UpdateRace.Report race(
      Class<? extends Cached> type, List<SessionFactory> factories) throws InterruptedException {
    int rows = type == ReadOnlyCountry.class ? 300 : 4;
    return new UpdateRace(type, factories, rows)
        .run(3, Duration.ofMillis(1000), Duration.ofMillis(1300), 2, Duration.ofMillis(1500));
  }

  /**
   * The control: hibernate-jcache's own strategies over the same provider; printed, not asserted.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {ReadOnlyCountry.class, NonStrictAuthor.class, ReadWriteBook.class})
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
      System.out.println("hibernate-jcache " + type.getSimpleName() + ": " + race(type, factories));
    } finally {
      factories.forEach(SessionFactory::close);
    }
  }
}
