package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.spring.boot.SpringCacheAllowedClasses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.NullValue;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring's own cached types need no configuration: a two-argument method (key SimpleKey), a method
 * without arguments (SimpleKey.EMPTY) and a method returning null (value NullValue) are stored in
 * Redis and read back, by a second application too (so they are decoded, not only kept in a near
 * tier). And the user's codec.allow list is kept: nearcache.yaml's and nearcache.codec.allow's.
 */
@Timeout(120)
class SpringTypesTest {
  static final String CACHES = "--spring.cache.cache-names=prices,ratings";

  @Test
  void simpleKeyAndNullValueAreStoredAndReadWithoutConfiguration() {
    try (ConfigurableApplicationContext a =
            Apps.run(SpringTypesApp.class, CACHES, "--nearcache.manager-uri=urn:types-a");
        ConfigurableApplicationContext b =
            Apps.run(SpringTypesApp.class, CACHES, "--nearcache.manager-uri=urn:types-b")) {
      SpringTypesApp.Prices pricesA = a.getBean(SpringTypesApp.Prices.class);
      SpringTypesApp.Prices pricesB = b.getBean(SpringTypesApp.Prices.class);

      assertEquals(603, pricesA.price("isbn-1", "EUR"));
      assertEquals(603, pricesA.price("isbn-1", "EUR"));
      assertEquals(1, pricesA.basePrice());
      assertNull(pricesA.rating("isbn-1"));
      assertNull(pricesA.rating("isbn-1"));
      assertEquals(3, pricesA.loads(), "each method loaded once");

      // The other application reads them from Redis: the keys and NullValue are decoded there.
      assertEquals(603, pricesB.price("isbn-1", "EUR"));
      assertEquals(1, pricesB.basePrice());
      assertNull(pricesB.rating("isbn-1"));
      assertEquals(0, pricesB.loads(), "B found A's entries in Redis");

      javax.cache.CacheManager managerB = b.getBean(javax.cache.CacheManager.class);
      assertEquals(603, managerB.getCache("prices").get(new SimpleKey("isbn-1", "EUR")));
      assertEquals(NullValue.INSTANCE, managerB.getCache("ratings").get("isbn-1"));
    }
  }

  @Test
  void springTypesAreAddedToTheUsersAllowListNotInPlaceOfIt() {
    try (ConfigurableApplicationContext app =
        Apps.run(
            SpringTypesApp.class,
            CACHES,
            "--nearcache.manager-uri=urn:types-allow",
            "--nearcache.codec.allow[0]=com.example.extra.*",
            "--nearcache.codec.allow[1]=com.example.more.Thing")) {
      RedisCacheManager manager = app.getBean(RedisCacheManager.class);
      // A property list replaces the file's list (provider rule), so the file's
      // com.example.books.**
      // is gone here; Spring's types are contributed beside what the settings say.
      assertEquals(
          List.of("com.example.extra.*", "com.example.more.Thing"),
          manager.settings().codec().allowedClasses());
      assertEquals(
          List.of(
              "com.example.extra.*",
              "com.example.more.Thing",
              "org.springframework.cache.interceptor.SimpleKey",
              "org.springframework.cache.support.NullValue"),
          List.copyOf(manager.allowedClasses().keySet()));
      assertEquals(
          "contributed by " + SpringCacheAllowedClasses.class.getName(),
          manager
              .allowedClasses()
              .get("org.springframework.cache.interceptor.SimpleKey")
              .replaceAll(" \\(.*\\)$", ""));
    }
    try (ConfigurableApplicationContext app =
        Apps.run(SpringTypesApp.class, CACHES, "--nearcache.manager-uri=urn:types-file")) {
      List<String> allowed =
          List.copyOf(app.getBean(RedisCacheManager.class).allowedClasses().keySet());
      assertTrue(
          allowed.contains("com.example.books.**"), "nearcache.yaml's list is kept: " + allowed);
      assertTrue(allowed.contains("org.springframework.cache.interceptor.SimpleKey"), "" + allowed);
      assertTrue(allowed.contains("org.springframework.cache.support.NullValue"), "" + allowed);
    }
  }
}
