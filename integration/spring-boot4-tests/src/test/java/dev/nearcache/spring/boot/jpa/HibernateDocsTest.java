package dev.nearcache.spring.boot.jpa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/hibernate.md shows the settings of the JPA application HibernateWiringTest runs, as they
 * are: the tagged region of jpa/application.yml (between {@code tag::name[]} and {@code
 * end::name[]}) appears in the document as a fenced block of its own.
 */
class HibernateDocsTest {
  static final String APPLICATION_YML =
      "integration/spring-boot4-tests/src/test/resources/jpa/application.yml";

  @Test
  void theDocumentShowsTheTestedSettings() throws IOException {
    Path root = repositoryRoot();
    String source = Files.readString(root.resolve(APPLICATION_YML));
    Matcher m =
        Pattern.compile(
                Pattern.quote("# tag::spring-boot-yml[]")
                    + "\n(.*?)"
                    + Pattern.quote("# end::spring-boot-yml[]"),
                Pattern.DOTALL)
            .matcher(source);
    assertTrue(m.find(), "no tag spring-boot-yml in " + APPLICATION_YML);
    String block = "```yaml\n" + m.group(1) + "```\n";
    String doc = Files.readString(root.resolve("docs/hibernate.md"));
    assertTrue(doc.contains(block), "docs/hibernate.md lacks the block:\n" + block);
  }

  /** The directory holding docs/hibernate.md: this module's directory or one above it. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("docs/hibernate.md"))
          && Files.exists(dir.resolve(APPLICATION_YML))) {
        return dir;
      }
    }
    throw new AssertionError("docs/hibernate.md not found above " + Path.of("").toAbsolutePath());
  }
}
