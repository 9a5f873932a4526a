package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.internal.config.SettingsTree.Entry;
import dev.nearcache.jcache.internal.config.SettingsTree.Section;
import dev.nearcache.jcache.internal.config.SettingsTree.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Typed, checked access to one section of the settings tree. Every getter substitutes placeholders,
 * treats an empty value as "not set", and reports a bad value as a {@link CacheException} naming
 * the source, the setting's path and what is allowed.
 */
final class ConfigNode {
  private final String path;
  private final Section section;
  private final Placeholders placeholders;

  ConfigNode(String path, Section section, Placeholders placeholders) {
    this.path = path;
    this.section = section;
    this.placeholders = placeholders;
  }

  String path() {
    return path;
  }

  String path(String key) {
    return SettingErrors.join(path, key);
  }

  Set<String> keys() {
    return section.children().keySet();
  }

  /** Fails on the first key that is not one of {@code allowed}, suggesting the closest. */
  ConfigNode allowOnly(Collection<String> allowed) {
    for (Map.Entry<String, Entry> child : section.children().entrySet()) {
      if (!allowed.contains(child.getKey())) {
        throw SettingErrors.unknown(
            child.getValue().origin(), child.getValue().line(), path, child.getKey(), allowed);
      }
    }
    return this;
  }

  /** Whether the key holds a non-empty value or a section (before placeholder substitution). */
  boolean isGiven(String key) {
    Entry entry = section.children().get(key);
    if (entry instanceof Value value) {
      return !(value.raw() instanceof String s ? s.isBlank() : ((List<?>) value.raw()).isEmpty());
    }
    return entry != null;
  }

  /** The raw text of a given value, for error messages. */
  String rawText(String key) {
    Entry entry = section.children().get(key);
    return entry instanceof Value value ? value.display() : "(a section)";
  }

  Optional<String> text(String key) {
    Entry entry = section.children().get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!(entry instanceof Value value) || !(value.raw() instanceof String raw)) {
      throw invalid(key, entry instanceof Value v ? v.display() : "(a section)", "a single value");
    }
    String resolved = substitute(key, value, raw).trim();
    return resolved.isEmpty() ? Optional.empty() : Optional.of(resolved);
  }

  /** A YAML list, or a comma-separated string; empty items are dropped. */
  Optional<List<String>> list(String key) {
    Entry entry = section.children().get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!(entry instanceof Value value)) {
      throw invalid(key, "(a section)", "a list, or a comma-separated string");
    }
    List<String> items = new ArrayList<>();
    List<?> parts =
        value.raw() instanceof List<?> list ? list : List.of(((String) value.raw()).split(","));
    for (Object part : parts) {
      String item = substitute(key, value, String.valueOf(part)).trim();
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return items.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(items));
  }

  /**
   * A nested section; an empty scalar counts as absent.
   *
   * @param allowedKeys the keys it may have, or null for any (such as cache names)
   */
  Optional<ConfigNode> section(String key, Collection<String> allowedKeys) {
    Entry entry = section.children().get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry instanceof Section child) {
      ConfigNode node = new ConfigNode(path(key), child, placeholders);
      return Optional.of(allowedKeys == null ? node : node.allowOnly(allowedKeys));
    }
    Value value = (Value) entry;
    if (value.raw() instanceof String s && s.isBlank()) {
      return Optional.empty();
    }
    throw invalid(
        key,
        value.display(),
        allowedKeys == null
            ? "a section"
            : "a section with the keys " + String.join(", ", allowedKeys));
  }

  /** Like {@link #section}, but an absent or empty entry gives an empty section. */
  ConfigNode sectionOrEmpty(String key, Collection<String> allowedKeys) {
    return section(key, allowedKeys)
        .orElseGet(
            () -> {
              Entry entry = section.children().get(key);
              Entry where = entry != null ? entry : section;
              return new ConfigNode(
                  path(key), new Section(where.origin(), where.line()), placeholders);
            });
  }

  private Optional<Integer> integer(String key, int min, int max) {
    return longValue(key, min, max).map(Long::intValue);
  }

  private Optional<Long> longValue(String key, long min, long max) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String allowed = "an integer from " + min + " to " + max;
    try {
      long value = Long.parseLong(text.get());
      if (value < min || value > max) {
        throw invalid(key, text.get(), allowed);
      }
      return Optional.of(value);
    } catch (NumberFormatException e) {
      throw invalid(key, text.get(), allowed);
    }
  }

  private Optional<Boolean> bool(String key) {
    return text(key)
        .map(
            value ->
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "true" -> Boolean.TRUE;
                  case "false" -> Boolean.FALSE;
                  default -> throw invalid(key, value, "true, false");
                });
  }

  /** A duration of at least {@code min}. */
  private Optional<Duration> duration(String key, Duration min, Duration max) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String allowed =
        Durations.ALLOWED
            + (min.isZero() ? "" : ", at least " + Durations.format(min))
            + (max == null ? "" : ", at most " + Durations.format(max));
    Duration value;
    try {
      value = Durations.parse(text.get());
    } catch (IllegalArgumentException e) {
      throw invalid(key, text.get(), allowed);
    }
    if (value.compareTo(min) < 0 || (max != null && value.compareTo(max) > 0)) {
      throw invalid(key, text.get(), allowed);
    }
    return Optional.of(value);
  }

  /** One of the names of {@code choices}, compared without regard to case. */
  private <T> Optional<T> choice(String key, Map<String, T> choices) {
    return text(key)
        .map(
            value -> {
              T choice = choices.get(value.toLowerCase(Locale.ROOT));
              if (choice == null) {
                throw invalid(key, value, String.join(", ", choices.keySet()));
              }
              return choice;
            });
  }

  /*
   * Reading a setting of SettingsTable: its key, bounds and kind come from the table; the node must
   * be the section holding it (a binder reading 'lease' from the wrong section would silently get nothing).
   */

  Optional<String> text(Setting<?, ?> setting) {
    return text(keyOf(setting));
  }

  Optional<List<String>> list(Setting<?, List<String>> setting) {
    return list(keyOf(setting.expect(Setting.Kind.LIST)));
  }

  Optional<Integer> integer(Setting<?, Integer> setting) {
    return integer(setting, setting.max());
  }

  /** With a bound narrower than the table's that depends on another setting. */
  Optional<Integer> integer(Setting<?, Integer> setting, int max) {
    return integer(keyOf(setting.expect(Setting.Kind.INTEGER)), setting.min(), max);
  }

  Optional<Long> longValue(Setting<?, Long> setting) {
    return longValue(keyOf(setting.expect(Setting.Kind.LONG)), setting.min(), setting.max());
  }

  Optional<Boolean> bool(Setting<?, Boolean> setting) {
    return bool(keyOf(setting.expect(Setting.Kind.BOOLEAN)));
  }

  Optional<Duration> duration(Setting<?, Duration> setting) {
    return duration(keyOf(setting.expect(Setting.Kind.DURATION)), setting.min(), setting.max());
  }

  <T> Optional<T> choice(Setting<?, T> setting) {
    return choice(keyOf(setting.expect(Setting.Kind.CHOICE)), setting.choices());
  }

  private String keyOf(Setting<?, ?> setting) {
    String section = setting.section();
    if (!section.isEmpty() && !path.equals(section) && !path.endsWith("." + section)) {
      throw new IllegalArgumentException(
          "setting '" + setting.path() + "' read from section '" + path + "'");
    }
    return setting.key();
  }

  CacheException invalid(String key, String value, String allowed) {
    Entry entry = section.children().get(key);
    Entry where = entry != null ? entry : section;
    return SettingErrors.invalid(where.origin(), where.line(), path(key), value, allowed);
  }

  CacheException invalid(String key, String value, String allowed, Throwable cause) {
    CacheException e = invalid(key, value, allowed);
    e.initCause(cause);
    return e;
  }

  CacheException missing(String key, String allowed) {
    return SettingErrors.missing(section.origin(), section.line(), path(key), allowed);
  }

  private String substitute(String key, Value value, String raw) {
    try {
      return placeholders.resolve(raw);
    } catch (IllegalArgumentException e) {
      throw SettingErrors.invalid(
          value.origin(),
          value.line(),
          path(key),
          raw,
          "a value whose ${NAME} or ${NAME:default} placeholders name a system property or environment variable ("
              + e.getMessage()
              + ")");
    }
  }
}
