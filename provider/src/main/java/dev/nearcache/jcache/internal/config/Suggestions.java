package dev.nearcache.jcache.internal.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the allowed name a mistyped one was probably meant to be. */
final class Suggestions {
  private Suggestions() {}

  /** The closest candidate, or null when none is close enough to be a likely typo. */
  static String closest(String name, Collection<String> candidates) {
    String normalized = normalize(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String other = normalize(candidate);
      int distance = normalized.equals(other) ? 0 : distance(normalized, other);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    int limit = Math.max(1, Math.min(3, normalized.length() / 3));
    return bestDistance <= limit ? best : null;
  }

  /**
   * Lower case without '-', '_' and spaces, so that masterName and master_name match master-name.
   */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
