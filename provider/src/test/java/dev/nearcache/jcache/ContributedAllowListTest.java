package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.framework.FrameworkKey;
import dev.nearcache.framework.FrameworkTypesContributor;
import dev.nearcache.framework.MalformedContributor;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Classes contributed through {@code
 * META-INF/services/dev.nearcache.serialization.AllowedClassesContributor} on a cache manager's
 * class loader are allowed without configuration, are reported with where they came from, and a
 * malformed contribution fails opening the manager naming the contributor.
 */
class ContributedAllowListTest {
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  /** The test classes plus the service files under {@code directory} (what a module's jar adds). */
  private static ClassLoader loaderWith(String directory) {
    URL services = ContributedAllowListTest.class.getClassLoader().getResource(directory);
    return new URLClassLoader(
        new URL[] {services}, ContributedAllowListTest.class.getClassLoader());
  }

  private static CacheManager manager(String name, ClassLoader loader) {
    return new NearCachingProvider()
        .getCacheManager(URI.create("urn:test-" + name), loader, redis.properties());
  }

  @Test
  void aContributedClassIsStoredWithoutConfigurationAndReported() {
    List<LogRecord> logged = new ArrayList<>();
    Logger log = Logger.getLogger(RedisCacheManager.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    CacheManager manager;
    try {
      manager = manager("contributed", loaderWith("contributed-allow-list/"));
    } finally {
      log.removeHandler(capture);
    }
    try {
      Cache<Object, String> cache = manager.createCache("framework", new MutableConfiguration<>());
      FrameworkKey key = new FrameworkKey("findOrder", 7);
      cache.put(key, "order 7");
      assertEquals("order 7", cache.get(key));

      Map<String, String> allowed = manager.unwrap(RedisCacheManager.class).allowedClasses();
      assertEquals(
          List.of("dev.nearcache.jcache.**", FrameworkKey.class.getName()),
          List.copyOf(allowed.keySet()));
      assertTrue(
          allowed.get("dev.nearcache.jcache.**").startsWith("codec.allow of "), allowed.toString());
      String contributor = allowed.get(FrameworkKey.class.getName());
      assertTrue(
          contributor.startsWith(
              "contributed by " + FrameworkTypesContributor.class.getName() + " (file:"),
          contributor);

      LogRecord report =
          logged.stream()
              .filter(r -> r.getMessage().contains("the codec allows"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no report of the allow-list among " + logged.size() + " records"));
      assertEquals(
          Level.INFO,
          report.getLevel(),
          "contributions widen what may be decoded: reported at INFO");
      assertTrue(
          report.getMessage().contains(FrameworkKey.class.getName() + " (" + contributor + ")"),
          report.getMessage());
    } finally {
      manager.close();
    }
  }

  @Test
  void withoutTheContributorTheClassIsRefused() {
    CacheManager manager = manager("plain", ContributedAllowListTest.class.getClassLoader());
    try {
      Cache<Object, String> cache = manager.createCache("framework", new MutableConfiguration<>());
      CacheException e =
          assertThrows(
              CacheException.class, () -> cache.put(new FrameworkKey("findOrder", 7), "x"));
      assertTrue(
          e.getMessage().contains("add " + FrameworkKey.class.getName() + " to codec.allow"),
          e.getMessage());
      assertEquals(
          List.of("dev.nearcache.jcache.**"),
          List.copyOf(manager.unwrap(RedisCacheManager.class).allowedClasses().keySet()));
    } finally {
      manager.close();
    }
  }

  @Test
  void aMalformedContributionFailsOpeningTheManagerNamingTheContributor() {
    CacheException e =
        assertThrows(
            CacheException.class, () -> manager("malformed", loaderWith("malformed-allow-list/")));

    assertTrue(
        e.getMessage()
            .startsWith(
                "Cache manager urn:test-malformed: Invalid entry of allowed-classes"
                    + " contributor "
                    + MalformedContributor.class.getName()
                    + " (file:"),
        e.getMessage());
    assertTrue(e.getMessage().contains("'org.example.**.Key'"), e.getMessage());
  }

  /** What an error message or a stack trace shows, pasted into the configuration. */
  @Test
  void anArrayNameInCodecAllowIsRefusedWithTheEntryToWrite() {
    Properties properties = redis.properties();
    properties.setProperty("codec.allow", "[Ljava.io.Serializable;");

    CacheException e =
        assertThrows(
            CacheException.class,
            () ->
                new NearCachingProvider()
                    .getCacheManager(
                        URI.create("urn:test-array"), getClass().getClassLoader(), properties));

    assertTrue(
        e.getMessage().contains("setting 'codec.allow' is '[Ljava.io.Serializable;'"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("arrays of allowed classes are allowed: write java.io.Serializable"),
        e.getMessage());
  }
}
