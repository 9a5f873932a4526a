package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/spring-boot.md shows the quick start exactly as QuickStartTest compiles and runs it: each
 * tagged region of the test sources (between {@code tag::name[]} and {@code end::name[]}) appears
 * in the document as a fenced block of its own; README.md's quick start likewise.
 */
class DocsTest {
  static final String SOURCES = "integration/spring-boot-starter/src/test/";

  @ParameterizedTest(name = "{1} of {0}")
  @CsvSource({
    "resources/nearcache.yaml, nearcache-yaml, #, yaml",
    "resources/quickstart/application.yml, application-yml, #, yaml",
    "java/com/example/books/BookApplication.java, application, //, java",
    "java/com/example/books/Book.java, book, //, java",
    "java/com/example/books/BookService.java, service, //, java"
  })
  void theDocumentShowsTheTestedSnippet(String file, String tag, String comment, String language)
      throws IOException {
    Path root = repositoryRoot();
    String block = block(root, file, tag, comment, language);
    String doc = Files.readString(root.resolve("docs/spring-boot.md"));
    assertTrue(
        doc.contains(block),
        "docs/spring-boot.md lacks the block of " + file + " (" + tag + "):\n" + block);
  }

  @ParameterizedTest(name = "{1} of {0} in README.md")
  @CsvSource("resources/quickstart/readme-application.yml, readme-application-yml, #, yaml")
  void theReadmeShowsTheTestedSnippet(String file, String tag, String comment, String language)
      throws IOException {
    Path root = repositoryRoot();
    String block = block(root, file, tag, comment, language);
    String readme = Files.readString(root.resolve("README.md"));
    assertTrue(
        readme.contains(block),
        "README.md lacks the block of " + file + " (" + tag + "):\n" + block);
  }

  static String block(Path root, String file, String tag, String comment, String language)
      throws IOException {
    String source = Files.readString(root.resolve(SOURCES + file));
    Matcher m =
        Pattern.compile(
                Pattern.quote(comment + " tag::" + tag + "[]")
                    + "\n(.*?)"
                    + Pattern.quote(comment + " end::" + tag + "[]"),
                Pattern.DOTALL)
            .matcher(source);
    assertTrue(m.find(), "no tag " + tag + " in " + file);
    return "```" + language + "\n" + m.group(1) + "```\n";
  }

  /** The directory holding docs/spring-boot.md: this module's directory or one above it. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("docs/spring-boot.md"))
          && Files.isDirectory(dir.resolve(SOURCES))) {
        return dir;
      }
    }
    throw new AssertionError("docs/spring-boot.md not found above " + Path.of("").toAbsolutePath());
  }
}
