package dev.nearcache.jcache.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings read back from one kind of bound object, documented in one table of the configuration
 * reference. The keys a section of the file may have come from here, in the table's order (the
 * order "allowed: ..." messages list them in).
 *
 * @param title the heading of the configuration reference's section whose table lists them (two
 *     groups with one title share a table)
 * @param scope a note put before each of their lines in that table ("caches only"), or null
 * @param mounts where their paths start: {@code redis}, {@code defaults}, {@code caches.<name>}, or
 *     "" for settings at the top level
 * @param settings in the order the file's keys are listed and documented
 * @param <S> the bound settings object they are read back from
 */
record SettingGroup<S>(
    String title, String scope, List<String> mounts, List<Setting<S, ?>> settings) {
  SettingGroup {
    Objects.requireNonNull(title, "title");
    mounts = List.copyOf(mounts);
    settings = List.copyOf(settings);
  }

  /**
   * The keys directly under {@code section} ("" for the group's top, {@code near-cache} for the
   * near tier's), each once, in the table's order.
   *
   * @throws IllegalArgumentException when no setting lives there (a misspelt section name)
   */
  List<String> keysUnder(String section) {
    String prefix = section.isEmpty() ? "" : section + ".";
    Set<String> keys = new LinkedHashSet<>();
    for (Setting<S, ?> setting : settings) {
      if (setting.path().startsWith(prefix)) {
        String rest = setting.path().substring(prefix.length());
        int dot = rest.indexOf('.');
        keys.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no setting of '" + title + "' under '" + section + "'");
    }
    return List.copyOf(keys);
  }

  /** The top-level keys of the file these settings live under. */
  List<String> roots() {
    List<String> roots = new ArrayList<>();
    for (String mount : mounts) {
      roots.addAll(mount.isEmpty() ? keysUnder("") : List.of(mount.split("\\.", -1)[0]));
    }
    return roots;
  }
}
