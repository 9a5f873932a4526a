package dev.nearcache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md's code runs: each snippet between {@code // tag::NAME[]} and {@code //
 * end::NAME[]} in this file is in the doc, word for word, as a fenced java block.
 */
@Timeout(60)
class MetricsDocTest {
  private static final String DOC = "docs/metrics.md";
  private static final Path SOURCE =
      Path.of("src/test/java/dev/nearcache/micrometer/MetricsDocTest.java");

  static TestRedis redis;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws IOException {
    redis = new TestRedis();
    // The quick start opens the default manager, which reads the file named by nearcache.config.
    Path file = dir.resolve("nearcache.yaml");
    Files.writeString(file, "redis:\n  address: " + redis.uri() + "\n");
    System.setProperty("nearcache.config", file.toString());
  }

  @AfterAll
  static void stop() {
    System.clearProperty("nearcache.config");
    redis.close();
  }

  @Test
  void quickStartRuns() {
    CachingProvider provider =
        Caching.getCachingProvider("dev.nearcache.jcache.NearCachingProvider");
    try {
      // tag::quick-start[]
      MeterRegistry registry = new SimpleMeterRegistry(); // your application's registry
      CacheManager manager = Caching.getCachingProvider().getCacheManager();
      NearCacheManagerMeterBinder meters = new NearCacheManagerMeterBinder(manager);
      meters.bindTo(registry); // its caches, open now or later

      Cache<String, String> greetings =
          manager.createCache("greetings", new MutableConfiguration<String, String>());
      greetings.put("hello", "world");
      greetings.get("hello"); // a hit, from the near tier
      greetings.get("bye"); // a miss

      Search greetingsMeters = registry.find("cache.gets").tag("cache", "greetings");
      double hits = greetingsMeters.tag("result", "hit").functionCounter().count(); // 1.0
      Search near = registry.find("nearcache.near.gets").tag("cache", "greetings");
      double nearHits = near.tag("result", "hit").functionCounter().count(); // 1.0
      Search segments = registry.find("nearcache.segments.serving").tag("cache", "greetings");
      double serving = segments.gauge().value(); // 16.0: every segment (the default)

      meters.close(); // at shutdown: its meters removed
      // end::quick-start[]
      assertEquals(1.0, hits);
      assertEquals(1.0, nearHits);
      assertEquals(16.0, serving);
      assertTrue(registry.getMeters().isEmpty(), "close removed the meters");
    } finally {
      provider.getCacheManager().destroyCache("greetings");
      provider.close();
    }
  }

  @Test
  void theDocShowsEachSnippetAsItIsHere() throws IOException {
    String doc = Files.readString(find(DOC));
    String source = Files.readString(SOURCE);
    Matcher tag =
        Pattern.compile("// tag::([\\w-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL)
            .matcher(source);
    List<String> found = new ArrayList<>();
    while (tag.find()) {
      String snippet = unindent(tag.group(2));
      found.add(tag.group(1));
      assertTrue(
          doc.contains("```java\n" + snippet + "\n```\n"),
          DOC
              + " must show the snippet '"
              + tag.group(1)
              + "' exactly as "
              + SOURCE
              + " has it:\n```java\n"
              + snippet
              + "\n```");
    }
    assertEquals(List.of("quick-start"), found);
  }

  /** The lines without the indentation they all share. */
  private static String unindent(String block) {
    List<String> lines = block.lines().toList();
    int common =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(common));
    }
    return String.join("\n", out);
  }

  private static Path find(String relative) throws IOException {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path file = at.resolve(relative);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IOException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
