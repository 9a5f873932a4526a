package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.hibernate.model.ReadWriteBook;
import dev.nearcache.jcache.NearCachingProvider;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control for the "no warning" checks: {@code hibernate-jcache}'s own region factory over our
 * provider (named in {@code hibernate.javax.cache.provider}, or not: the provider's jar keeps
 * Redisson's JCache provider out of {@code META-INF/services}, so it is the only one found here)
 * creates the regions the file does not define with one warning each (HHH90001006), which {@link
 * WarningCapture} sees. With this module on the class path Hibernate's types are allowed there too,
 * so the cache itself works.
 */
@ExtendWith(Backends.class)
class HibernateJCacheControlTest {

  @ParameterizedTest(name = "provider named: {0}")
  @ValueSource(booleans = {true, false})
  void hibernateJCachesOwnFactoryWarnsForEveryRegionItCreates(boolean providerNamed) {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "jcache");
    if (providerNamed) {
      settings.put("hibernate.javax.cache.provider", NearCachingProvider.class.getName());
    }
    long id = Factories.nextId();
    try (WarningCapture capture = WarningCapture.start();
        SessionFactory factory = Factories.build(settings)) {
      List<String> created =
          capture.warnings().stream().filter(w -> w.contains("HHH90001006")).toList();
      assertTrue(created.size() >= 5, "a warning per region created: " + capture.warnings());

      factory.inTransaction(s -> s.persist(new ReadWriteBook(id, "c" + id, "n" + id, List.of())));
      factory.getStatistics().clear();
      factory.inSession(s -> assertEquals("n" + id, s.find(ReadWriteBook.class, id).getName()));
      assertEquals(1, factory.getStatistics().getSecondLevelCacheHitCount());
    }
  }
}
