package dev.nearcache.hibernate;

import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadOnlyCountry;
import dev.nearcache.hibernate.model.ReadWriteBook;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Session factories as an application builds them: each with its own JDBC connections (Hibernate's
 * built-in pool) to the run's PostgreSQL database and its own cache manager (the URI given).
 */
final class Factories {
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

  private Factories() {}

  /** An identifier no other test uses, in the database or in Redis. */
  static long nextId() {
    return IDS.incrementAndGet();
  }

  /** The settings every test factory has: the database, statistics and the query cache. */
  static Map<String, Object> baseSettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("jakarta.persistence.jdbc.url", System.getProperty(Backends.JDBC_URL));
    settings.put("jakarta.persistence.jdbc.user", System.getProperty(Backends.JDBC_USER));
    settings.put("hibernate.connection.pool_size", "2");
    settings.put("hibernate.hbm2ddl.auto", "update");
    settings.put("hibernate.generate_statistics", "true");
    settings.put("hibernate.cache.use_query_cache", "true");
    return settings;
  }

  /** Our region factory (the one setting), over the cache manager of {@code uri}. */
  static SessionFactory build(String uri) {
    Map<String, Object> settings = baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put("hibernate.javax.cache.uri", uri);
    return build(settings);
  }

  static SessionFactory build(Map<String, Object> settings) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder().applySettings(settings).build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(ReadOnlyCountry.class)
          .addAnnotatedClass(NonStrictAuthor.class)
          .addAnnotatedClass(ReadWriteBook.class)
          .addAnnotatedClass(dev.nearcache.hibernate.model.RenamedBook.class)
          .addAnnotatedClass(dev.nearcache.hibernate.model.RenamedAuthor.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  /** The JCache cache manager behind a session factory's second-level cache. */
  static CacheManager cacheManager(SessionFactory factory) {
    RegionFactory regionFactory =
        factory.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    return ((JCacheRegionFactory) regionFactory).getCacheManager();
  }
}
