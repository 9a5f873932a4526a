package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadWriteBook;
import dev.nearcache.jcache.RedisCacheConfiguration;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where the regions' settings come from: a {@code classpath:} URI names the file, regions matching
 * a pattern of {@code nearcache.hibernate.region-templates} take the settings of the cache it
 * names, every other region the file's {@code defaults}; {@code nearcache.hibernate.properties.*}
 * overrides the file; and what a wrong setting says.
 */
@ExtendWith(Backends.class)
class RegionsTest {
  private static final String BOOK = ReadWriteBook.class.getName();

  @Test
  void aClasspathUriAndRegionTemplatesConfigureTheRegionsMadeOnDemand() {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put("hibernate.javax.cache.uri", "classpath:templates.yaml");
    settings.put("nearcache.hibernate.region-templates", BOOK + "*=entities");
    long id = Factories.nextId();
    try (WarningCapture capture = WarningCapture.start();
        SessionFactory factory = Factories.build(settings)) {
      CacheManager manager = Factories.cacheManager(factory);
      assertEquals(URI.create("classpath:templates.yaml"), manager.getURI());
      // The entity, its collection and its natural ids match the pattern ...
      for (String region : List.of(BOOK, BOOK + ".tags", BOOK + "##NaturalId")) {
        RedisCacheConfiguration<?, ?> configuration = configuration(manager, region);
        assertEquals(3, configuration.getSegments(), region);
        assertEquals(123, configuration.getNearCache().maximumSize(), region);
      }
      // ... the others take the file's defaults.
      for (String region :
          List.of(
              NonStrictAuthor.class.getName(),
              "default-query-results-region",
              "default-update-timestamps-region")) {
        assertEquals(2, configuration(manager, region).getSegments(), region);
      }
      factory.inTransaction(s -> s.persist(new ReadWriteBook(id, "c" + id, "n" + id, List.of())));
      factory.getStatistics().clear();
      factory.inSession(s -> assertEquals("n" + id, s.find(ReadWriteBook.class, id).getName()));
      assertEquals(1, factory.getStatistics().getSecondLevelCacheHitCount());
      assertEquals(List.of(), capture.warnings(), "warnings");
    }
  }

  @Test
  void prefixedSettingsOverrideTheFile() {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put("hibernate.javax.cache.uri", "urn:nearcache-hibernate-properties");
    settings.put("nearcache.hibernate.properties.defaults.near-cache.maximum-size", "777");
    try (SessionFactory factory = Factories.build(settings)) {
      CacheManager manager = Factories.cacheManager(factory);
      assertEquals("777", manager.getProperties().getProperty("defaults.near-cache.maximum-size"));
      assertEquals(777, configuration(manager, BOOK).getNearCache().maximumSize());
    }
  }

  @Test
  void aTemplateTheFileDoesNotDefineIsNamedInTheError() {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put("hibernate.javax.cache.uri", "classpath:templates.yaml");
    settings.put("nearcache.hibernate.region-templates", "com.example.*=entitys");
    RuntimeException e = assertThrows(RuntimeException.class, () -> Factories.build(settings));
    assertEquals(
        "Setting 'nearcache.hibernate.region-templates' names cache 'entitys', which"
            + " classpath:templates.yaml does not define under 'caches' (it defines [entities])",
        rootMessage(e));
  }

  @Test
  void missingCacheStrategyFailIsHonoured() {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put("hibernate.javax.cache.uri", "urn:nearcache-hibernate-fail");
    settings.put("hibernate.javax.cache.missing_cache_strategy", "fail");
    RuntimeException e = assertThrows(RuntimeException.class, () -> Factories.build(settings));
    assertTrue(rootMessage(e).contains("default-update-timestamps-region"), rootMessage(e));
  }

  @SuppressWarnings("unchecked") // a class literal is raw: RedisCacheConfiguration, not <K, V>
  private static RedisCacheConfiguration<?, ?> configuration(CacheManager manager, String region) {
    return manager.getCache(region).getConfiguration(RedisCacheConfiguration.class);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
