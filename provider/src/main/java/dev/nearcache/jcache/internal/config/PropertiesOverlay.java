package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.internal.config.SettingsTree.Entry;
import dev.nearcache.jcache.internal.config.SettingsTree.Section;
import dev.nearcache.jcache.internal.config.SettingsTree.Value;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Lays flattened {@link Properties} ({@code redis.address}, {@code caches.orders.segments}) over a
 * settings tree; a property replaces whatever the file had at its path. Keys are split on dots, so
 * cache names given through properties cannot contain dots.
 *
 * <p>JCache hands a manager's properties to every provider, so keys whose first part is not one of
 * ours (and is not a likely misspelling of one) are ignored; everything under one of our roots is
 * checked strictly by the binder.
 */
final class PropertiesOverlay {
  static final String ORIGIN = "properties";

  private PropertiesOverlay() {}

  /** Returns whether any property was applied. */
  static boolean apply(Section root, Properties properties, Collection<String> roots) {
    if (properties == null) {
      return false;
    }
    Map<String, String> sorted = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      sorted.put(name, properties.getProperty(name));
    }
    for (Map.Entry<Object, Object> e : properties.entrySet()) {
      if (e.getKey() instanceof String name
          && e.getValue() != null
          && !(e.getValue() instanceof String)) {
        sorted.put(name, String.valueOf(e.getValue()));
      }
    }
    boolean applied = false;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String key = e.getKey().trim();
      String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      if (!roots.contains(first)) {
        String suggestion = Suggestions.closest(first, roots);
        if (suggestion != null) {
          throw SettingErrors.unknownWithHint(
              ORIGIN,
              0,
              key,
              suggestion + key.substring(first.length()),
              "at the top level",
              List.copyOf(roots));
        }
        continue;
      }
      put(root, key, e.getValue());
      applied = true;
    }
    return applied;
  }

  private static void put(Section root, String key, String value) {
    String[] parts = key.split("\\.", -1);
    Section section = root;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        throw SettingErrors.invalid(
            ORIGIN,
            0,
            key,
            value,
            "dotted setting names without empty parts, such as redis.address");
      }
      if (i == parts.length - 1) {
        section.children().put(part, new Value(ORIGIN, 0, value));
        return;
      }
      Entry next = section.children().get(part);
      if (next instanceof Section child) {
        section = child;
      } else {
        Section child = new Section(ORIGIN, 0);
        section.children().put(part, child);
        section = child;
      }
    }
  }
}
