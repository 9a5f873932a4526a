package dev.nearcache.jcache.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Renders the settings tables of docs/configuration.md from {@link SettingsTable}. */
final class ReferenceTables {
  static final String HEADER = "| setting | default | meaning |\n|---|---|---|\n";

  private ReferenceTables() {}

  /** A table's row: the cells as the markdown shows them. */
  record Row(String setting, String defaultValue, String meaning) {
    String markdown() {
      return "| " + setting + " | " + defaultValue + " | " + meaning + " |";
    }
  }

  /** The titles of the reference's sections that hold a settings table, in order. */
  static List<String> titles() {
    Set<String> titles = new LinkedHashSet<>();
    for (SettingGroup<?> group : SettingsTable.GROUPS) {
      titles.add(group.title());
    }
    return List.copyOf(titles);
  }

  /**
   * The rows of the table under {@code title}: every group with that title, in the table's order.
   */
  static List<Row> rows(String title) {
    List<Row> rows = new ArrayList<>();
    for (SettingGroup<?> group : SettingsTable.GROUPS) {
      if (group.title().equals(title)) {
        for (Setting<?, ?> setting : group.settings()) {
          rows.add(row(group, setting));
        }
      }
    }
    return rows;
  }

  /** The whole table under {@code title}, header included, each line ending in a newline. */
  static String table(String title) {
    StringBuilder table = new StringBuilder(HEADER);
    for (Row row : rows(title)) {
      table.append(row.markdown()).append('\n');
    }
    return table.toString();
  }

  private static Row row(SettingGroup<?> group, Setting<?, ?> setting) {
    String defaultValue =
        setting.derivedDefault() != null
            ? setting.derivedDefault()
            : setting.defaultValue() == null ? "—" : "`" + setting.formattedDefault() + "`";
    String scope = group.scope() == null ? "" : "(" + group.scope() + ") ";
    return new Row("`" + setting.path() + "`", defaultValue, scope + setting.documentation());
  }
}
