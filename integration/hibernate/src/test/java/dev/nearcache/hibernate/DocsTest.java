package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/hibernate.md shows the set-up exactly as QuickStartTest runs it: each tagged region of the
 * test sources (between {@code tag::name[]} and {@code end::name[]}) appears in the document as a
 * fenced block of its own.
 */
class DocsTest {
  static final String SOURCES = "integration/hibernate/src/test/";

  @ParameterizedTest(name = "{1} of {0}")
  @CsvSource({
    "resources/quickstart/hibernate.properties, one-setting, #, properties",
    "resources/quickstart/hibernate.properties, options, #, properties",
    "resources/quickstart/nearcache.yaml, yaml, #, yaml",
    "java/dev/nearcache/hibernate/quickstart/Product.java, entity, //, java"
  })
  void theDocumentShowsTheTestedSnippet(String file, String tag, String comment, String language)
      throws IOException {
    Path root = repositoryRoot();
    String source = Files.readString(root.resolve(SOURCES + file));
    Matcher m =
        Pattern.compile(
                Pattern.quote(comment + " tag::" + tag + "[]")
                    + "\n(.*?)"
                    + "[ \t]*"
                    + Pattern.quote(comment + " end::" + tag + "[]"),
                Pattern.DOTALL)
            .matcher(source);
    assertTrue(m.find(), "no tag " + tag + " in " + file);
    String block = "```" + language + "\n" + m.group(1).stripTrailing() + "\n```\n";
    String doc = Files.readString(root.resolve("docs/hibernate.md"));
    assertTrue(doc.contains(block), "docs/hibernate.md lacks the block of " + file + ":\n" + block);
  }

  /** The directory holding docs/hibernate.md: this module's directory or one above it. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("docs/hibernate.md"))
          && Files.isDirectory(dir.resolve(SOURCES))) {
        return dir;
      }
    }
    throw new AssertionError("docs/hibernate.md not found above " + Path.of("").toAbsolutePath());
  }
}
