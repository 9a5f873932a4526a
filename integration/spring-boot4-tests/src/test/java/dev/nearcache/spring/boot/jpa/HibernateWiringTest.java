package dev.nearcache.spring.boot.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.hibernate.NearCacheRegionFactory;
import dev.nearcache.jcache.RedisCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.hibernate.SessionFactory;
import org.hibernate.cache.internal.NoCachingRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot 4 application with the starter, JPA (Hibernate ORM 7.2) and nearcache-hibernate, on
 * a real PostgreSQL and a real Redis: Hibernate's second-level cache is the starter's cache
 * manager, the one Spring's cache abstraction uses, with no setting; its regions have Hibernate's
 * meters and the near tier's, under the region's name; the session factory closing first leaves
 * that manager to the application context; {@code nearcache.hibernate.enabled=false} and a region
 * factory of the application's own leave Hibernate alone.
 *
 * <p>The first three tests share one application (started once, to keep the test fast); the third
 * closes its session factory, so it runs last.
 */
@ExtendWith(JpaBackends.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class HibernateWiringTest {
  static final String REGION = Product.class.getName();
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis());

  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void start() {
    app = run("urn:jpa-wired");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @Order(1)
  void hibernatesSecondLevelCacheIsTheStartersCacheManager() {
    javax.cache.CacheManager jcache = app.getBean(javax.cache.CacheManager.class);
    SessionFactoryImplementor sessionFactory = sessionFactory(app);
    RegionFactory regionFactory = sessionFactory.getCache().getRegionFactory();
    NearCacheRegionFactory nearcache =
        assertInstanceOf(NearCacheRegionFactory.class, regionFactory);
    assertSame(jcache, nearcache.getCacheManager(), "Hibernate uses the starter's cache manager");

    ProductRepository products = app.getBean(ProductRepository.class);
    long id = IDS.incrementAndGet();
    products.save(new Product(id, "lamp"));
    sessionFactory.getCache().evictEntityData(Product.class); // from the database once more
    Statistics statistics = sessionFactory.getStatistics();
    statistics.clear();

    assertEquals("lamp", products.findById(id).orElseThrow().getName()); // a miss, then a put
    assertEquals("lamp", products.findById(id).orElseThrow().getName()); // a hit
    CacheRegionStatistics region = statistics.getDomainDataRegionStatistics(REGION);
    assertEquals(1, region.getMissCount(), "first read");
    assertEquals(1, region.getPutCount(), "first read puts");
    assertEquals(1, region.getHitCount(), "second read: from the second-level cache");
    assertEquals(1, statistics.getEntityLoadCount(), "one load from the database");

    // The region is a cache of that manager, seen through Spring's cache abstraction too.
    Cache<Object, Object> regionCache = jcache.getCache(REGION);
    assertNotNull(regionCache, "the region is a cache of the javax.cache.CacheManager bean");
    assertEquals(1, size(regionCache), "holding the product");
    org.springframework.cache.Cache springView = app.getBean(CacheManager.class).getCache(REGION);
    assertNotNull(springView, "Spring's CacheManager bean sees the region");
    assertSame(regionCache, springView.getNativeCache());
  }

  @Test
  @Order(2)
  void aRegionHasHibernatesMetersAndTheNearTiersUnderItsName() {
    MeterRegistry registry = app.getBean(MeterRegistry.class);
    SessionFactoryImplementor sessionFactory = sessionFactory(app);
    ProductRepository products = app.getBean(ProductRepository.class);
    long id = IDS.incrementAndGet();
    products.save(new Product(id, "chair"));
    sessionFactory.getCache().evictEntityData(Product.class);
    sessionFactory.getStatistics().clear();
    double ourHits = count(registry, "cache.gets", "hit");
    double nearHits = count(registry, "nearcache.near.gets", "hit");

    assertTrue(products.findById(id).isPresent()); // a miss, then a put
    assertTrue(products.findById(id).isPresent()); // a hit, from the near tier

    // Hibernate's (hibernate-micrometer's HibernateMetrics, bound by Boot), tag region.
    assertEquals(1.0, hibernate(registry, "hibernate.second.level.cache.requests", "hit"));
    assertEquals(1.0, hibernate(registry, "hibernate.second.level.cache.requests", "miss"));
    assertEquals(
        1.0,
        registry
            .get("hibernate.second.level.cache.puts")
            .tag("region", REGION)
            .functionCounter()
            .count());
    // The cache's and the near tier's (the starter's binder), tag cache: the region's name.
    assertEquals(1.0, count(registry, "cache.gets", "hit") - ourHits, "cache.gets hit");
    assertEquals(
        1.0, count(registry, "nearcache.near.gets", "hit") - nearHits, "nearcache.near.gets hit");
    assertEquals(
        1,
        registry
            .find("nearcache.near.gets")
            .tag("cache", REGION)
            .tag("result", "hit")
            .meters()
            .size(),
        "one meter per id");
  }

  @Test
  @Order(3)
  void theSessionFactoryClosingFirstLeavesTheManagerToTheApplication() {
    RedisCacheManager jcache = app.getBean(RedisCacheManager.class);
    ProductRepository products = app.getBean(ProductRepository.class);
    long id = IDS.incrementAndGet();
    products.save(new Product(id, "desk"));
    assertTrue(products.findById(id).isPresent());
    Cache<Object, Object> regionCache = jcache.getCache(REGION);
    int entries = size(regionCache);

    sessionFactory(app).close(); // before the context, as on shutdown

    assertFalse(jcache.isClosed(), "the starter's manager is still open");
    assertFalse(regionCache.isClosed(), "and so is the region's cache in it");
    assertEquals(entries, size(regionCache));
    Cache<String, String> other = jcache.createCache("after-close", new MutableConfiguration<>());
    other.put("k", "v");
    assertEquals("v", other.get("k"));
    app.close();
    assertTrue(jcache.isClosed(), "the context closes it");
  }

  @Test
  void theWiringCanBeTurnedOff() {
    try (ConfigurableApplicationContext off =
        run("urn:jpa-off", "--nearcache.hibernate.enabled=false")) {
      assertTrue(
          off.getBeansOfType(HibernatePropertiesCustomizer.class).keySet().stream()
              .noneMatch(name -> name.startsWith("nearcache")));
      RegionFactory regionFactory = sessionFactory(off).getCache().getRegionFactory();
      // No factory named, and two registered (jcache, nearcache): Hibernate caches nothing.
      assertInstanceOf(NoCachingRegionFactory.class, regionFactory);
      ProductRepository products = off.getBean(ProductRepository.class);
      long id = IDS.incrementAndGet();
      products.save(new Product(id, "shelf"));
      assertTrue(products.findById(id).isPresent());
      assertNull(
          off.getBean(javax.cache.CacheManager.class).getCache(REGION),
          "Hibernate caches nothing in the starter's manager");
    }
  }

  @Test
  void aRegionFactoryTheApplicationChoseIsLeftAlone() {
    try (ConfigurableApplicationContext own =
        run(
            "urn:jpa-own",
            "--spring.jpa.properties.hibernate.cache.region.factory_class=nearcache",
            "--spring.jpa.properties.hibernate.javax.cache.uri=urn:jpa-hibernates-own",
            "--spring.jpa.properties.nearcache.hibernate.properties.redis.address="
                + JpaBackends.redisUri())) {
      NearCacheRegionFactory regionFactory =
          assertInstanceOf(
              NearCacheRegionFactory.class, sessionFactory(own).getCache().getRegionFactory());
      javax.cache.CacheManager starters = own.getBean(javax.cache.CacheManager.class);
      assertEquals("urn:jpa-hibernates-own", regionFactory.getCacheManager().getURI().toString());
      assertNotSame(starters, regionFactory.getCacheManager());
      assertNull(starters.getCache(REGION), "the region is in Hibernate's own manager");
    }
  }

  static ConfigurableApplicationContext run(String managerUri, String... args) {
    List<String> all = new ArrayList<>();
    all.add("--spring.config.location=classpath:jpa/application.yml");
    all.add("--spring.main.banner-mode=off");
    all.add("--spring.datasource.url=" + JpaBackends.jdbcUrl());
    all.add("--spring.datasource.username=postgres");
    all.add("--nearcache.redis.address=" + JpaBackends.redisUri());
    all.add("--nearcache.manager-uri=" + managerUri);
    all.addAll(List.of(args));
    return new SpringApplicationBuilder(CatalogApplication.class)
        .web(WebApplicationType.NONE)
        .run(all.toArray(String[]::new));
  }

  static SessionFactoryImplementor sessionFactory(ConfigurableApplicationContext context) {
    return context
        .getBean(EntityManagerFactory.class)
        .unwrap(SessionFactory.class)
        .unwrap(SessionFactoryImplementor.class);
  }

  private static double hibernate(MeterRegistry registry, String name, String result) {
    return registry.get(name).tag("region", REGION).tag("result", result).functionCounter().count();
  }

  private static double count(MeterRegistry registry, String name, String result) {
    return registry
        .get(name)
        .tag("cache", REGION)
        .tag("cache.manager", "cacheManager")
        .tag("result", result)
        .functionCounter()
        .count();
  }

  private static int size(Cache<Object, Object> cache) {
    int size = 0;
    for (Cache.Entry<Object, Object> ignored : cache) {
      size++;
    }
    return size;
  }
}
