package dev.nearcache.jcache.internal.config;

import static dev.nearcache.jcache.config.ConfigFixtures.assertError;
import static dev.nearcache.jcache.config.ConfigFixtures.emptyEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.config.ConfigFixtures;
import dev.nearcache.jcache.internal.config.ReferenceTables.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/configuration.md says what {@link SettingsTable} says: each settings table is exactly the
 * one rendered from it (a failure names the rows that differ and prints the table to paste), and
 * the example error is the one a real bad file produces.
 */
class ConfigurationReferenceTest {
  private static final String DOC = "docs/configuration.md";

  /**
   * The example in the text: {@code `nearcache configuration <origin>: setting '<path>' is
   * '<value>'...`}.
   */
  private static final Pattern EXAMPLE =
      Pattern.compile("`(nearcache configuration (\\S+): setting '([^']+)' is '([^']*)'[^`]*)`");

  @TempDir Path dir;

  static List<String> titles() {
    return ReferenceTables.titles();
  }

  @ParameterizedTest
  @MethodSource("titles")
  void settingsTableIsTheOneInTheDocs(String title) throws IOException {
    String expected = ReferenceTables.table(title);
    String documented = documentedTable(title);
    if (!expected.equals(documented)) {
      fail(
          DOC
              + ", section '## "
              + title
              + "', disagrees with SettingsTable:\n"
              + differences(ReferenceTables.rows(title), documented)
              + "\nThe table SettingsTable renders (paste it over the one in "
              + DOC
              + " if the table is right;"
              + " else fix SettingsTable):\n\n"
              + expected);
    }
  }

  /** The docs' example error is what the loader says about the same mistake in a real file. */
  @Test
  void exampleErrorIsARealOne() throws IOException {
    Matcher example = EXAMPLE.matcher(read());
    assertTrue(
        example.find(),
        DOC
            + " has no example error of the form `nearcache configuration <origin>: setting"
            + " '<path>' is '<value>'...`");
    String origin = example.group(2);
    String path = example.group(3);
    Path file = ConfigFixtures.write(dir, "nearcache.yaml", yamlSetting(path, example.group(4)));
    CacheException e = assertError(() -> ConfigFixtures.load(file.toUri(), null, null, emptyEnv()));
    assertEquals(
        example.group(1),
        e.getMessage().replace(file.toUri().toString(), origin),
        "the example in "
            + DOC
            + " (its setting is written at the line its depth gives, one key per line)");
  }

  /**
   * {@code redis.mode} and {@code clustr} as YAML, one key a line, so the value is on line N for N
   * parts.
   */
  private static String yamlSetting(String path, String value) {
    String[] parts = path.split("\\.", -1);
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      yaml.append("  ".repeat(i)).append(parts[i]).append(':');
      yaml.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
    }
    return yaml.toString();
  }

  /** Row by row: what is missing on either side, and which cells differ. */
  private static String differences(List<Row> expected, String documented) {
    Map<String, Row> docRows = new LinkedHashMap<>();
    for (String line : documented.lines().skip(2).toList()) {
      String[] cells = line.split("\\|", -1);
      if (cells.length < 5) {
        docRows.put(line, new Row(line, "", ""));
      } else {
        docRows.put(cells[1].trim(), new Row(cells[1].trim(), cells[2].trim(), cells[3].trim()));
      }
    }
    List<String> problems = new ArrayList<>();
    if (!documented.startsWith(ReferenceTables.HEADER)) {
      problems.add(
          "the table does not start with the header "
              + ReferenceTables.HEADER.lines().findFirst().get());
    }
    List<String> tableOrder = new ArrayList<>();
    for (Row row : expected) {
      Row doc = docRows.get(row.setting());
      if (doc == null) {
        problems.add("row " + row.setting() + ": in SettingsTable, missing from the docs");
        continue;
      }
      tableOrder.add(row.setting());
      if (!doc.defaultValue().equals(row.defaultValue())) {
        problems.add(
            "row "
                + row.setting()
                + ": default is "
                + doc.defaultValue()
                + " in the docs, "
                + row.defaultValue()
                + " in SettingsTable");
      }
      if (!doc.meaning().equals(row.meaning())) {
        problems.add(
            "row "
                + row.setting()
                + ": meaning differs\n      docs:          "
                + doc.meaning()
                + "\n      SettingsTable: "
                + row.meaning());
      }
    }
    List<String> docOrder = new ArrayList<>();
    for (String setting : docRows.keySet()) {
      if (expected.stream().noneMatch(row -> row.setting().equals(setting))) {
        problems.add("row " + setting + ": in the docs, not a setting of SettingsTable");
      } else {
        docOrder.add(setting);
      }
    }
    if (!docOrder.equals(tableOrder)) {
      problems.add("the rows are in another order than SettingsTable's: " + tableOrder);
    }
    if (problems.isEmpty()) {
      problems.add("the rows agree, but the text does not (spacing, or lines around the table)");
    }
    return "  - " + String.join("\n  - ", problems) + "\n";
  }

  /**
   * The table under the section {@code ## <title>}: its lines from the header to the first line not
   * a row.
   */
  private static String documentedTable(String title) throws IOException {
    List<String> lines = read().lines().toList();
    int heading = -1;
    for (int i = 0; i < lines.size() && heading < 0; i++) {
      if (lines.get(i).startsWith("## " + title)) {
        heading = i;
      }
    }
    if (heading < 0) {
      fail(
          DOC
              + " has no section '## "
              + title
              + "'; SettingsTable's table for it:\n\n"
              + ReferenceTables.table(title));
    }
    StringBuilder table = new StringBuilder();
    for (int i = heading + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      if (lines.get(i).startsWith("|")) {
        table.append(lines.get(i)).append('\n');
      } else if (table.length() > 0) {
        break;
      }
    }
    return table.toString();
  }

  /**
   * The reference, found from the module's directory (where Maven runs tests) or any directory
   * below the root.
   */
  private static String read() throws IOException {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path doc = at.resolve(DOC);
      if (Files.isRegularFile(doc)) {
        return Files.readString(doc, StandardCharsets.UTF_8);
      }
    }
    throw new IOException(DOC + " not found above " + Path.of("").toAbsolutePath());
  }
}
