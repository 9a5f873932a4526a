package dev.nearcache.jcache.internal.config;

import java.util.Collection;
import java.util.Locale;
import javax.cache.CacheException;

/** Builds the messages of configuration errors, all in one shape. */
public final class SettingErrors {
  static final String PREFIX = "nearcache configuration ";
  public static final String MASK = "****";

  private SettingErrors() {}

  /**
   * {@code nearcache configuration <origin>: setting '<path>' is '<value>'; allowed: <allowed>}.
   */
  static CacheException invalid(
      String origin, int line, String path, String value, String allowed) {
    return new CacheException(
        PREFIX
            + origin
            + ": setting '"
            + path
            + "' is '"
            + shown(path, value)
            + "'; allowed: "
            + allowed
            + at(line));
  }

  static CacheException invalid(
      String origin, int line, String path, String value, String allowed, Throwable cause) {
    CacheException e = invalid(origin, line, path, value, allowed);
    e.initCause(cause);
    return e;
  }

  static CacheException missing(String origin, int line, String path, String allowed) {
    return new CacheException(
        PREFIX + origin + ": setting '" + path + "' is missing; allowed: " + allowed + at(line));
  }

  static CacheException unknown(
      String origin, int line, String parentPath, String key, Collection<String> allowed) {
    String path = join(parentPath, key);
    String suggestion = Suggestions.closest(key, allowed);
    String where = parentPath.isEmpty() ? "at the top level" : "under '" + parentPath + "'";
    return unknownWithHint(
        origin,
        line,
        path,
        suggestion == null ? null : join(parentPath, suggestion),
        where,
        allowed);
  }

  static CacheException unknownWithHint(
      String origin,
      int line,
      String path,
      String suggestedPath,
      String where,
      Collection<String> allowed) {
    String hint = suggestedPath == null ? "" : " (did you mean '" + suggestedPath + "'?)";
    return new CacheException(
        PREFIX
            + origin
            + ": setting '"
            + path
            + "' is not a known setting"
            + hint
            + "; allowed "
            + where
            + ": "
            + String.join(", ", allowed)
            + at(line));
  }

  /** A problem with the whole source (unreadable, not YAML). */
  static CacheException source(String origin, String problem, Throwable cause) {
    CacheException e = new CacheException(PREFIX + origin + ": " + problem);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  static String join(String parentPath, String key) {
    return parentPath.isEmpty() ? key : parentPath + "." + key;
  }

  static boolean isSecret(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith("password");
  }

  private static String shown(String path, String value) {
    return isSecret(path) && value != null && !value.isEmpty() ? MASK : value;
  }

  private static String at(int line) {
    return line > 0 ? " (line " + line + ")" : "";
  }
}
