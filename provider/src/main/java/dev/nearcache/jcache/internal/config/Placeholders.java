package dev.nearcache.jcache.internal.config;

import java.util.Objects;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} with a system property, else an environment
 * variable, else the default. <code>$${</code> stands for a literal <code>${</code>.
 */
final class Placeholders {
  private final Environment environment;

  Placeholders(Environment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * @throws IllegalArgumentException naming the first placeholder that is neither defined nor has a
   *     default, or that is not closed
   */
  String resolve(String text) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        out.append(text.charAt(i++));
        continue;
      }
      int end = text.indexOf('}', i + 2);
      if (end < 0) {
        throw new IllegalArgumentException(
            "the placeholder at position " + i + " is not closed with '}'");
      }
      String body = text.substring(i + 2, end);
      int colon = body.indexOf(':');
      String name = (colon < 0 ? body : body.substring(0, colon)).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a placeholder has no name");
      }
      String value = environment.lookup(name);
      if (value == null) {
        if (colon < 0) {
          throw new IllegalArgumentException(
              "'"
                  + name
                  + "' is neither a system property nor an environment variable, and has no default");
        }
        value = body.substring(colon + 1);
      }
      out.append(value);
      i = end + 1;
    }
    return out.toString();
  }
}
