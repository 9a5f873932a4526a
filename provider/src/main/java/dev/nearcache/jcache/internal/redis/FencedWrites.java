package dev.nearcache.jcache.internal.redis;

/**
 * Recognises the error a script answers when it reached Redis after its write deadline
 * (prelude.lua: {@code NCFENCED <ms late>}): the write was refused and changed nothing.
 */
final class FencedWrites {
  static final String CODE = "NCFENCED";

  private FencedWrites() {}

  static boolean isFenced(Throwable e) {
    return message(e) != null;
  }

  /** How late the write reached Redis (ms), or -1 if the error does not say. */
  static long lateMillis(Throwable e) {
    String m = message(e);
    if (m == null) {
      return -1;
    }
    int at = m.indexOf(CODE) + CODE.length();
    int end = at;
    while (end < m.length() && (m.charAt(end) == ' ' || Character.isDigit(m.charAt(end)))) {
      end++;
    }
    try {
      return Long.parseLong(m.substring(at, end).trim());
    } catch (NumberFormatException ex) {
      return -1;
    }
  }

  private static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains(CODE)) {
        return m;
      }
    }
    return null;
  }
}
