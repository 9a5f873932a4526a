package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.spring.boot.jarapp.JarApp;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * spring.cache.jcache.config inside an executable jar: the test builds a real Spring Boot fat jar
 * (Boot's own Repackager, as spring-boot-maven-plugin does, with this test's class path as
 * BOOT-INF/lib) holding {@link JarApp} and its nearcache configuration in BOOT-INF/classes, runs it
 * with java -jar, and checks that the manager was opened from the jar:nested: URI Boot's loader
 * gives the classpath: resource, and that a value was cached in Redis.
 */
@Timeout(180)
class ExecutableJarTest {

  @Test
  void theConfigurationInsideAnExecutableJarIsReadThroughItsNestedUri(@TempDir Path dir)
      throws Exception {
    Path plain = dir.resolve("app-plain.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plain))) {
      String classFile = JarApp.class.getName().replace('.', '/') + ".class";
      try (InputStream in = JarApp.class.getClassLoader().getResourceAsStream(classFile)) {
        add(jar, classFile, in.readAllBytes());
      }
      add(jar, "app-nearcache.yaml", "caches:\n  greetings: {}\n".getBytes(StandardCharsets.UTF_8));
    }
    Path app = dir.resolve("app.jar");
    Repackager repackager = new Repackager(plain.toFile());
    repackager.setMainClass(JarApp.class.getName());
    List<File> libraries = libraries(dir);
    repackager.repackage(
        app.toFile(),
        callback -> {
          for (File library : libraries) {
            callback.library(new Library(library, LibraryScope.RUNTIME));
          }
        });

    Path out = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                app.toString(),
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--spring.cache.jcache.config=classpath:app-nearcache.yaml",
                "--nearcache.redis.address=" + TestRedis.uri())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    boolean ended = process.waitFor(150, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(out);
    assertTrue(ended, "java -jar did not end:\n" + output);
    assertEquals(0, process.exitValue(), output);
    String uri = line(output, "NEARCACHE-URI ");
    assertTrue(
        uri.startsWith("jar:nested:")
            && uri.endsWith("/app.jar/!BOOT-INF/classes/!/app-nearcache.yaml"),
        "the manager's URI: " + uri);
    assertEquals(uri + " + properties", line(output, "NEARCACHE-SOURCE "));
    assertEquals("world", line(output, "NEARCACHE-VALUE "));
  }

  private static String line(String output, String prefix) {
    return output
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in:\n" + output));
  }

  private static void add(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    jar.write(bytes);
    jar.closeEntry();
  }

  /**
   * The test's class path as the application's libraries, without this module's test classes (the
   * application is JarApp alone) and the test runner's jars; a directory (a sibling module's
   * classes when it is not packaged) becomes a jar.
   */
  private static List<File> libraries(Path dir) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path testClasses =
        Path.of(JarApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<File> libraries = new ArrayList<>();
    int n = 0;
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      if (!Files.exists(path)
          || path.toAbsolutePath().equals(testClasses.toAbsolutePath())
          || name.startsWith("surefire")
          || name.startsWith("junit-")
          || name.startsWith("opentest4j")) {
        continue;
      }
      if (Files.isDirectory(path)) {
        Path jar = dir.resolve("classes-" + n++ + ".jar");
        jarDirectory(path, jar);
        libraries.add(jar.toFile());
      } else {
        libraries.add(path.toFile());
      }
    }
    return libraries;
  }

  private static void jarDirectory(Path directory, Path jarFile) throws IOException {
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarFile));
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        add(
            jar,
            directory.relativize(file).toString().replace(File.separatorChar, '/'),
            Files.readAllBytes(file));
      }
    }
  }
}
