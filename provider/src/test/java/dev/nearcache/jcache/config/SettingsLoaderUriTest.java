package dev.nearcache.jcache.config;

import static dev.nearcache.jcache.config.ConfigFixtures.assertError;
import static dev.nearcache.jcache.config.ConfigFixtures.emptyEnv;
import static dev.nearcache.jcache.config.ConfigFixtures.env;
import static dev.nearcache.jcache.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.jcache.internal.config.ConfigLocator;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a URI can name the configuration. */
class SettingsLoaderUriTest {
  private static final ClassLoader LOADER = SettingsLoaderUriTest.class.getClassLoader();
  private static final String YAML = "redis:\n  address: redis://from-file.example:7000\n";

  @TempDir Path dir;

  @Test
  void fileUri() throws IOException {
    Path file = write(dir, "a.yaml", YAML);
    ProviderSettings settings = SettingsLoader.load(file.toUri(), LOADER, null, emptyEnv());
    assertEquals("redis://from-file.example:7000", settings.redis().address());
    assertEquals(file.toUri().toString(), settings.source());
  }

  @Test
  void relativeOpaqueFileUri() throws IOException {
    Path file = write(dir, "rel.yaml", YAML);
    Path relative = Path.of("").toAbsolutePath().relativize(file);
    ProviderSettings settings =
        SettingsLoader.load(
            URI.create("file:" + relative.toString().replace('\\', '/')), LOADER, null, emptyEnv());
    assertEquals("redis://from-file.example:7000", settings.redis().address());
  }

  @Test
  void jarFileUri() throws IOException {
    Path jar = dir.resolve("conf.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("conf/nearcache.yaml"));
      out.write(YAML.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    URI uri = URI.create("jar:" + jar.toUri() + "!/conf/nearcache.yaml");
    ProviderSettings settings = SettingsLoader.load(uri, LOADER, null, emptyEnv());
    assertEquals("redis://from-file.example:7000", settings.redis().address());
    assertEquals(uri.toString(), settings.source());

    URI missing = URI.create("jar:" + jar.toUri() + "!/conf/absent.yaml");
    assertError(
        () -> SettingsLoader.load(missing, LOADER, null, emptyEnv()),
        "nearcache configuration " + missing,
        "cannot be read",
        "absent.yaml");
  }

  @Test
  void classpathUri() {
    ProviderSettings settings =
        SettingsLoader.load(URI.create("classpath:config/basic.yaml"), LOADER, null, emptyEnv());
    assertEquals("redis://cache.example:6380", settings.redis().address());
    assertEquals("cp:", settings.keyPrefix());
    assertEquals("classpath:config/basic.yaml", settings.source());
    ProviderSettings leadingSlash =
        SettingsLoader.load(URI.create("classpath:/config/basic.yaml"), LOADER, null, emptyEnv());
    assertEquals("cp:", leadingSlash.keyPrefix());
  }

  @Test
  void classpathFallsBackToContextLoader() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      ProviderSettings settings =
          SettingsLoader.load(URI.create("classpath:config/basic.yaml"), empty, null, emptyEnv());
      assertEquals("cp:", settings.keyPrefix());
    }
  }

  @Test
  void missingSourcesNameTheUriAndReason() {
    URI file = dir.resolve("absent.yaml").toUri();
    assertError(
        () -> SettingsLoader.load(file, LOADER, null, emptyEnv()),
        "nearcache configuration " + file,
        "cannot be read",
        "file not found");
    assertError(() -> SettingsLoader.load(dir.toUri(), LOADER, null, emptyEnv()), "is a directory");
    assertError(
        () ->
            SettingsLoader.load(
                URI.create("classpath:config/absent.yaml"), LOADER, null, emptyEnv()),
        "nearcache configuration classpath:config/absent.yaml: cannot be read",
        "resource 'config/absent.yaml' not found");
  }

  @Test
  void defaultUriWithoutAnythingUsesBuiltInDefaults() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      ProviderSettings settings =
          withContextLoader(
              empty,
              () -> SettingsLoader.load(SettingsLoader.DEFAULT_URI, empty, null, emptyEnv()));
      assertEquals(SettingsLoader.BUILT_IN, settings.source());
      assertEquals(RedisSettings.DEFAULTS, settings.redis());
      assertEquals("nc:", settings.keyPrefix());
      assertEquals(16, settings.defaults().getSegments());
    }
  }

  @Test
  void defaultResolutionUsesSystemPropertyPath() throws IOException {
    Path file = write(dir, "sys.yaml", YAML);
    ProviderSettings settings =
        SettingsLoader.load(
            SettingsLoader.DEFAULT_URI,
            LOADER,
            null,
            env(
                Map.of("nearcache.config", file.toString()),
                Map.of("NEARCACHE_CONFIG", "/nowhere.yaml")));
    assertEquals("redis://from-file.example:7000", settings.redis().address());
    assertEquals(file.toAbsolutePath().toFile().toURI().toString(), settings.source());
  }

  @Test
  void defaultResolutionWithRealSystemProperty() throws IOException {
    Path file = write(dir, "real.yaml", "key-prefix: real-prop\n");
    String previous = System.getProperty(ConfigLocator.SYSTEM_PROPERTY);
    System.setProperty(ConfigLocator.SYSTEM_PROPERTY, file.toUri().toString());
    try {
      assertEquals("real-prop", SettingsLoader.load(null, LOADER, null).keyPrefix());
      assertEquals(
          "real-prop", SettingsLoader.load(SettingsLoader.DEFAULT_URI, LOADER, null).keyPrefix());
    } finally {
      if (previous == null) {
        System.clearProperty(ConfigLocator.SYSTEM_PROPERTY);
      } else {
        System.setProperty(ConfigLocator.SYSTEM_PROPERTY, previous);
      }
    }
  }

  @Test
  void defaultResolutionUsesClasspathUriInSystemProperty() {
    ProviderSettings settings =
        SettingsLoader.load(
            URI.create("urn:my-app"),
            LOADER,
            null,
            env(Map.of("nearcache.config", "classpath:config/basic.yaml"), Map.of()));
    assertEquals("cp:", settings.keyPrefix());
    assertEquals("classpath:config/basic.yaml", settings.source());
  }

  @Test
  void defaultResolutionUsesEnvironmentVariable() throws IOException {
    Path file = write(dir, "env.yaml", "key-prefix: from-env\n");
    ProviderSettings settings =
        SettingsLoader.load(
            URI.create("javax.cache.MyCache"),
            LOADER,
            null,
            env(Map.of(), Map.of("NEARCACHE_CONFIG", file.toString())));
    assertEquals("from-env", settings.keyPrefix());
  }

  @Test
  void defaultResolutionFailsWhenTheNamedFileIsMissing() {
    String missing = dir.resolve("gone.yaml").toString();
    assertError(
        () ->
            SettingsLoader.load(
                SettingsLoader.DEFAULT_URI,
                LOADER,
                null,
                env(Map.of("nearcache.config", missing), Map.of())),
        "nearcache configuration file:",
        "gone.yaml (named by system property nearcache.config): cannot be read",
        "file not found");
    assertError(
        () ->
            SettingsLoader.load(
                SettingsLoader.DEFAULT_URI,
                LOADER,
                null,
                env(Map.of(), Map.of("NEARCACHE_CONFIG", missing))),
        "named by environment variable NEARCACHE_CONFIG",
        "file not found");
  }

  @Test
  void defaultResolutionFindsNearcacheYamlOnTheClassPath() throws IOException {
    write(dir, "nearcache.yaml", "key-prefix: from-resource\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER)) {
      ProviderSettings opaque =
          SettingsLoader.load(URI.create("urn:my-app"), loader, null, emptyEnv());
      assertEquals("from-resource", opaque.keyPrefix());
      assertEquals("classpath:nearcache.yaml", opaque.source());
      ProviderSettings noScheme =
          SettingsLoader.load(URI.create("my-app"), loader, null, emptyEnv());
      assertEquals("from-resource", noScheme.keyPrefix());
    }
  }

  @Test
  void emptyFileGivesDefaults() throws IOException {
    Path file = write(dir, "empty.yaml", "# nothing here\n");
    ProviderSettings settings = SettingsLoader.load(file.toUri(), LOADER, null, emptyEnv());
    assertEquals(RedisSettings.DEFAULTS, settings.redis());
  }

  @Test
  void unreadableYamlNamesTheSource() throws IOException {
    Path file = write(dir, "bad.yaml", "redis:\n  address: [unclosed\n");
    assertError(
        () -> SettingsLoader.load(file.toUri(), LOADER, null, emptyEnv()),
        "nearcache configuration " + file.toUri() + ": is not valid YAML");
    Path scalar = write(dir, "scalar.yaml", "just text\n");
    assertError(
        () -> SettingsLoader.load(scalar.toUri(), LOADER, null, emptyEnv()),
        "nearcache configuration " + scalar.toUri() + ": must be a YAML mapping");
  }

  private static <T> T withContextLoader(
      ClassLoader loader, java.util.function.Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
