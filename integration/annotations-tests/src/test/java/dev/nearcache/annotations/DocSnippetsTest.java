package dev.nearcache.annotations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/annotations.md shows exactly the code these tests compile and run: every fenced {@code java}
 * and {@code yaml} block of the document is one region of this module's test sources or resources,
 * marked {@code // tag::NAME[]} ... {@code // end::NAME[]} (or with {@code #} in YAML), with the
 * region's common indentation removed, and every region is shown once, in the order of the
 * document. Change one and this test fails until the other says the same.
 */
class DocSnippetsTest {

  private static final Pattern TAG = Pattern.compile("^\\s*(?://|#) tag::([\\w-]+)\\[\\]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*(?://|#) end::([\\w-]+)\\[\\]\\s*$");
  private static final Pattern FENCE =
      Pattern.compile("(?m)^```(java|yaml)\\n(.*?)^```$", Pattern.DOTALL);

  /** The regions in the order the document shows them. */
  private static final List<String> DOCUMENT_ORDER =
      List.of(
          "yaml",
          "cdi-bean",
          "cdi-main",
          "spring-config",
          "spring-bean",
          "spring-main",
          "guice-bean",
          "guice-main");

  @Test
  void theDocumentShowsExactlyTheTestedCode() throws IOException {
    Map<String, String> regions = regions();
    assertEquals(
        DOCUMENT_ORDER.stream().sorted().toList(),
        regions.keySet().stream().sorted().toList(),
        "the tagged regions of the test sources");

    String document = Files.readString(documentPath(), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher fence = FENCE.matcher(document);
    while (fence.find()) {
      blocks.add(fence.group(2));
    }
    List<String> expected = DOCUMENT_ORDER.stream().map(regions::get).toList();
    for (int i = 0; i < Math.max(blocks.size(), expected.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(no more regions)";
      String have = i < blocks.size() ? blocks.get(i) : "(no more blocks)";
      assertEquals(
          want,
          have,
          "code block "
              + (i + 1)
              + " of docs/annotations.md"
              + (i < DOCUMENT_ORDER.size() ? " (region " + DOCUMENT_ORDER.get(i) + ")" : ""));
    }
  }

  @Test
  void regionsAreFoundAndDedented() {
    Map<String, String> regions = regions();
    String main = regions.get("cdi-main");
    assertTrue(
        main.startsWith("// Weld finds the beans and nearcache-cdi\ntry (WeldContainer container"),
        main);
    assertFalse(main.contains("tag::"), main);
    assertTrue(main.endsWith("}\n"), main);
  }

  static Path documentPath() {
    return Path.of(System.getProperty("nearcache.docs.dir", "../../docs"), "annotations.md");
  }

  /** Every tagged region of src/test/java and src/test/resources, by name. */
  static Map<String, String> regions() {
    Map<String, String> regions = new LinkedHashMap<>();
    Path module = Path.of(System.getProperty("basedir", ".")); // set by surefire
    for (String root : List.of("src/test/java", "src/test/resources")) {
      try (Stream<Path> files = Files.walk(module.resolve(root))) {
        for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
          collect(file, regions);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return regions;
  }

  private static void collect(Path file, Map<String, String> regions) throws IOException {
    if (file.getFileName().toString().equals("DocSnippetsTest.java")) {
      return; // its patterns and examples are not regions
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String open = null;
    List<String> body = new ArrayList<>();
    for (String line : lines) {
      Matcher start = TAG.matcher(line);
      Matcher end = END.matcher(line);
      if (start.matches()) {
        if (open != null) {
          throw new AssertionError(
              file + ": region " + start.group(1) + " starts inside region " + open);
        }
        open = start.group(1);
        body.clear();
      } else if (end.matches()) {
        if (!end.group(1).equals(open)) {
          throw new AssertionError(
              file + ": end of " + end.group(1) + " while " + open + " is open");
        }
        if (regions.put(open, dedent(body)) != null) {
          throw new AssertionError(file + ": region " + open + " is defined twice");
        }
        open = null;
      } else if (open != null) {
        body.add(line);
      }
    }
    if (open != null) {
      throw new AssertionError(file + ": region " + open + " is not closed");
    }
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return text.toString();
  }
}
