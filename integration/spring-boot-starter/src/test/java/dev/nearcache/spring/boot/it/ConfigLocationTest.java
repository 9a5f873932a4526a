package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.books.BookApplication;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheManager;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where the configuration comes from: spring.cache.jcache.config as classpath: and file: locations
 * (Boot hands the provider the resource's URI), a location that does not exist, and
 * nearcache.manager-uri naming a manager that reads the default nearcache.yaml. The executable
 * jar's jar:nested: form: {@link ExecutableJarTest}.
 */
@Timeout(120)
class ConfigLocationTest {

  @Test
  void aClasspathLocationIsReadThroughItsUri() throws Exception {
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.cache.jcache.config=classpath:config/other.yaml",
            "--spring.cache.cache-names=books")) {
      RedisCacheManager manager = app.getBean(RedisCacheManager.class);
      URI uri = manager.getURI();
      assertEquals(
          "file", uri.getScheme(), "Boot resolves classpath: to the resource's URI: " + uri);
      assertTrue(uri.getPath().endsWith("/config/other.yaml"), uri.toString());
      assertEquals(uri + " + properties", manager.settings().source());
      assertEquals("other:", manager.settings().keyPrefix());
      RedisCache<?, ?> authors = manager.getCache("authors").unwrap(RedisCache.class);
      assertNull(authors.nearCacheMetrics(), "other.yaml turns the near tier of authors off");
    }
  }

  @Test
  void aFileLocation(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("my nearcache.yaml");
    try (InputStream in = getClass().getResourceAsStream("/config/other.yaml")) {
      Files.copy(in, file);
    }
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.cache.jcache.config=" + file.toUri(),
            "--spring.cache.cache-names=books")) {
      RedisCacheManager manager = app.getBean(RedisCacheManager.class);
      assertEquals(file.toUri(), manager.getURI());
      assertEquals("other:", manager.settings().keyPrefix());
      assertNotNull(manager.getCache("books"));
    }
  }

  @Test
  void aLocationThatDoesNotExistFailsStartUp() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                Apps.run(
                    BookApplication.class, "--spring.cache.jcache.config=classpath:no/such.yaml"));
    assertTrue(
        messages(e)
            .contains(
                "spring.cache.jcache.config names 'classpath:no/such.yaml', which does not exist"),
        messages(e));
  }

  @Test
  void aManagerUriNamesTheManagerAndKeepsTheDefaultFile() {
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--nearcache.manager-uri=urn:my-app",
            "--spring.cache.cache-names=books")) {
      RedisCacheManager manager = app.getBean(RedisCacheManager.class);
      assertEquals(URI.create("urn:my-app"), manager.getURI());
      assertEquals("classpath:nearcache.yaml + properties", manager.settings().source());
      assertTrue(
          !manager.getProperties().containsKey("manager-uri"),
          "the starter's own setting is not passed on");
    }
  }

  static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
