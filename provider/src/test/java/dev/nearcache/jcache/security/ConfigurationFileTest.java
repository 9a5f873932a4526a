package dev.nearcache.jcache.security;

import static dev.nearcache.jcache.security.SecuritySupport.assertMessageNames;
import static dev.nearcache.jcache.security.SecuritySupport.closeAll;
import static dev.nearcache.jcache.security.SecuritySupport.entryKeysOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A manager configured by a YAML file named by its URI, with a cache defined up front. */
@Timeout(120)
class ConfigurationFileTest {
  @TempDir Path dir;
  private RedisServer redis;
  private NearCachingProvider provider;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    provider = new NearCachingProvider();
  }

  @AfterEach
  void stop() {
    closeAll(provider, redis);
  }

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private String ordersYaml(String redisSection) {
    return redisSection
        + "caches:\n"
        + "  orders:\n"
        + "    key-type: java.lang.String\n"
        + "    value-type: java.lang.String\n"
        + "    expiry: {policy: created, duration: 1h}\n";
  }

  private CacheManager open(Path file) {
    return provider.getCacheManager(file.toUri(), getClass().getClassLoader());
  }

  @Test
  void aCacheDefinedInTheFileIsThereWithoutCreateCache() throws IOException {
    Path file = write("nearcache.yaml", ordersYaml("redis:\n  address: " + redis.uri() + "\n"));
    CacheManager manager = open(file);

    assertTrue(manager.getCacheNames().iterator().hasNext());
    assertEquals(List.of("orders"), List.copyOf(toList(manager.getCacheNames())));
    Cache<String, String> orders = manager.getCache("orders", String.class, String.class);
    assertNotNull(orders, "the predefined cache is missing");
    orders.put("o-1", "first order");
    assertEquals("first order", orders.get("o-1"));

    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> config =
        orders.getConfiguration(CompleteConfiguration.class);
    assertEquals(String.class, config.getKeyType());
    assertEquals(String.class, config.getValueType());
    ExpiryPolicy policy = config.getExpiryPolicyFactory().create();
    assertInstanceOf(CreatedExpiryPolicy.class, policy);
    assertEquals(new Duration(TimeUnit.HOURS, 1), policy.getExpiryForCreation());

    // The expiry reached Redis: the entry lives an hour (plus the provider's grace period).
    try (RespClient admin = redis.client()) {
      List<String> keys = entryKeysOf(admin, "orders", "o-1");
      assertEquals(1, keys.size());
      long pttl = (Long) admin.call("PTTL", keys.get(0));
      assertTrue(
          pttl > TimeUnit.MINUTES.toMillis(59) && pttl <= TimeUnit.MINUTES.toMillis(62),
          "PTTL " + pttl + " ms is not about an hour");
    }

    // Another node reading the same file sees the same cache and data.
    CacheManager other =
        new NearCachingProvider().getCacheManager(file.toUri(), getClass().getClassLoader());
    try {
      assertEquals("first order", other.getCache("orders", String.class, String.class).get("o-1"));
    } finally {
      other.close();
    }
  }

  @Test
  void createCacheOfAPredefinedNameFails() throws IOException {
    Path file = write("nearcache.yaml", ordersYaml("redis:\n  address: " + redis.uri() + "\n"));
    CacheManager manager = open(file);
    CacheException before =
        assertThrows(
            CacheException.class,
            () ->
                manager.createCache(
                    "orders",
                    new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)));
    assertMessageNames(before, "orders");
    assertNotNull(manager.getCache("orders", String.class, String.class));
    CacheException after =
        assertThrows(
            CacheException.class,
            () -> manager.createCache("orders", new MutableConfiguration<>()));
    assertMessageNames(after, "orders");
  }

  @Test
  void aMisspelledRedisSettingNamesTheFileAndTheSetting() throws IOException {
    Path file = write("typo-redis.yaml", ordersYaml("redis:\n  adress: " + redis.uri() + "\n"));
    CacheException e = assertThrows(CacheException.class, () -> open(file));
    assertMessageNames(
        e, file.toAbsolutePath().toString(), "redis.adress", "redis.address", "line 2");
  }

  @Test
  void aMisspelledCacheSettingNamesTheFileAndTheSetting() throws IOException {
    String yaml =
        "redis:\n  address: "
            + redis.uri()
            + "\n"
            + "caches:\n"
            + "  orders:\n"
            + "    key-type: java.lang.String\n"
            + "    value-type: java.lang.String\n"
            + "    expiry: {policy: created, duraton: 1h}\n";
    Path file = write("typo-cache.yaml", yaml);
    CacheException e = assertThrows(CacheException.class, () -> open(file));
    assertMessageNames(e, file.toAbsolutePath().toString(), "caches.orders.expiry.duraton");
  }

  /** A file that cannot be read is an error, not a silent fall-back to the defaults. */
  @Test
  void aMissingFileNamesTheFile() {
    Path file = dir.resolve("absent.yaml");
    CacheException e = assertThrows(CacheException.class, () -> open(file));
    assertMessageNames(e, file.toAbsolutePath().toString());
  }

  private static List<String> toList(Iterable<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEach(list::add);
    return list;
  }
}
