package dev.nearcache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RespClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/**
 * Checks the class path the TCK runs on: the provider under test is the only {@link
 * CachingProvider}, it is the packaged jar users get (Redisson relocated inside it, no Redisson jar
 * beside it), and the session's Redis is up.
 */
class ClassPathTest {

  static final String EXPECTED_PROVIDER =
      System.getProperty(
          "nearcache.tck.expectedCachingProvider", "dev.nearcache.jcache.NearCachingProvider");

  @Test
  void exactlyOneCachingProviderIsRegistered() {
    List<String> providers = new ArrayList<>();
    for (CachingProvider provider :
        ServiceLoader.load(CachingProvider.class, Thread.currentThread().getContextClassLoader())) {
      providers.add(provider.getClass().getName());
    }
    assertEquals(List.of(EXPECTED_PROVIDER), providers);
    assertEquals(EXPECTED_PROVIDER, Caching.getCachingProvider().getClass().getName());
  }

  /**
   * The provider's jar is the shaded one users get: Redisson is inside it, relocated, and no
   * Redisson jar (with its own provider registration) is on the class path.
   */
  @Test
  void redissonIsShadedIntoTheProvidersJar() throws Exception {
    String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
    List<String> redissonJars =
        Arrays.stream(classPath)
            .filter(e -> new File(e).getName().matches("redisson-\\d.*\\.jar"))
            .collect(Collectors.toList());
    assertEquals(List.of(), redissonJars, "no redisson jar may be on the test class path");
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.redisson.Redisson"));

    Path providerJar = codeSource(Class.forName(EXPECTED_PROVIDER));
    Path shadedRedisson = codeSource(Class.forName("dev.nearcache.shaded.redisson.Redisson"));
    assertEquals(providerJar, shadedRedisson, "Redisson is relocated into the provider's jar");
    assertTrue(
        providerJar.getFileName().toString().matches("nearcache-provider-.*\\.jar"),
        "the TCK runs on the packaged provider jar, not its classes folder: " + providerJar);
    try (JarFile jar = new JarFile(providerJar.toFile())) {
      try (InputStream in =
          jar.getInputStream(jar.getEntry("META-INF/services/javax.cache.spi.CachingProvider"))) {
        assertEquals(
            EXPECTED_PROVIDER,
            new String(in.readAllBytes(), StandardCharsets.UTF_8).trim(),
            "the jar registers our provider and only ours");
      }
      assertNull(
          jar.getEntry("META-INF/spring.factories"),
          "Redisson's Spring registrations are left out");
      assertNotNull(
          jar.getEntry("dev/nearcache/shaded/redisson/jcache/JCachingProvider.class"),
          "the rest of Redisson is there, relocated");
    }
  }

  private static Path codeSource(Class<?> type) throws Exception {
    URI location = type.getProtectionDomain().getCodeSource().getLocation().toURI();
    return Path.of(location);
  }

  @Test
  void theProviderIsPointedAtTheSessionsRedis() throws IOException {
    String config = System.getProperty(RedisSessionListener.CONFIG_PROPERTY);
    assertNotNull(config, "RedisSessionListener did not run");
    String uri = System.getProperty(RedisSessionListener.URI_PROPERTY);
    assertEquals(
        RedisSessionListener.configYaml(uri),
        Files.readString(Path.of(config), StandardCharsets.UTF_8));

    URI parsed = URI.create(uri);
    try (RespClient client = new RespClient(parsed.getHost(), parsed.getPort())) {
      assertEquals("PONG", client.ping());
    }
  }

  @Test
  void theExcludeListHoldsOnlyThePlaceholder() throws IOException {
    String name = System.getProperty("ExcludeList");
    assertEquals("ExcludeList", name);
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, "ExcludeList resource missing");
      List<String> entries =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .map(String::trim)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .collect(Collectors.toList());
      assertEquals(List.of("org.jsr107.tck.CachingTest#dummyTest"), entries);
    }
  }
}
