package dev.nearcache.jcache.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw settings before binding: nested sections whose leaves are strings or lists of strings,
 * each remembering where it came from (a file's URI or {@code properties}) and, for YAML, its line.
 */
final class SettingsTree {
  private SettingsTree() {}

  /** A node of the tree. */
  sealed interface Entry permits Section, Value {
    String origin();

    /** 1-based line in the YAML file, or 0 when unknown (properties, built-in). */
    int line();
  }

  /** A mapping; its children keep their insertion order. */
  record Section(String origin, int line, Map<String, Entry> children) implements Entry {
    Section(String origin, int line) {
      this(origin, line, new LinkedHashMap<>());
    }
  }

  /** A leaf: a {@code String} or an immutable {@code List<String>}. */
  record Value(String origin, int line, Object raw) implements Entry {
    Value {
      if (!(raw instanceof String) && !(raw instanceof List<?>)) {
        throw new IllegalArgumentException("raw must be a String or a List<String>: " + raw);
      }
      if (raw instanceof List<?> list) {
        raw = List.copyOf(list);
      }
    }

    String display() {
      return raw instanceof List<?> list
          ? String.join(", ", list.stream().map(String::valueOf).toList())
          : (String) raw;
    }
  }
}
