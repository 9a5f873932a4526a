package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.hibernate.quickstart.Product;
import dev.nearcache.jcache.RedisCacheConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/hibernate.md's quick start as written there (its settings, YAML and entity are this test's
 * resources and sources; DocsTest compares them with the document): the second-level cache works
 * and the regions take the file's settings, with no warning.
 */
@ExtendWith(Backends.class)
class QuickStartTest {

  @Test
  void theDocumentedSetUpCachesTheEntity() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        QuickStartTest.class.getResourceAsStream("/quickstart/hibernate.properties")) {
      properties.load(in);
    }
    Map<String, Object> settings = Factories.baseSettings();
    properties.forEach((key, value) -> settings.put((String) key, value));
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder().applySettings(settings).build();
    long id = Factories.nextId();
    try (WarningCapture capture = WarningCapture.start();
        SessionFactory factory =
            new MetadataSources(registry)
                .addAnnotatedClass(Product.class)
                .buildMetadata()
                .buildSessionFactory()) {
      factory.inTransaction(s -> s.persist(new Product(id, "lamp")));
      factory.getStatistics().clear();
      factory.inSession(s -> assertEquals("lamp", s.find(Product.class, id).getName()));
      assertEquals(1, factory.getStatistics().getSecondLevelCacheHitCount());
      assertEquals(0, factory.getStatistics().getPrepareStatementCount());

      CacheManager manager = Factories.cacheManager(factory);
      assertEquals(200000, maximumSize(manager, Product.class.getName()));
      assertEquals(50000, maximumSize(manager, "default-update-timestamps-region"));
      assertEquals(List.of(), capture.warnings());
    }
  }

  @SuppressWarnings("unchecked") // a class literal is raw: RedisCacheConfiguration, not <K, V>
  private static long maximumSize(CacheManager manager, String region) {
    return manager
        .getCache(region)
        .getConfiguration(RedisCacheConfiguration.class)
        .getNearCache()
        .maximumSize();
  }
}
