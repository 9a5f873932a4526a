package dev.nearcache.jcache.internal.redis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redisson.client.RedisOutOfMemoryException;

/**
 * An error reply of the Redis server (WRONGPASS, NOAUTH, NOPERM, OOM, READONLY...) found in a
 * Redisson exception or its causes. Redisson puts the reply first in its message and appends the
 * channel and the command (arguments included) after {@code ". channel: "}: only the reply is kept.
 *
 * @param code the error code, e.g. {@code NOPERM}
 * @param text what Redis said after the code
 */
record RedisReply(String code, String text) {
  private static final String CHANNEL = ". channel: ";

  /** An error code: upper-case letters, as Redis sends them (ERR, WRONGTYPE, NOPERM...). */
  private static final Pattern CODED = Pattern.compile("([A-Z][A-Z_]+) (.*)", Pattern.DOTALL);

  /** The first error reply in the cause chain, or null when none is a reply of the server. */
  static RedisReply in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      RedisReply reply = of(t);
      if (reply != null) {
        return reply;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static RedisReply of(Throwable t) {
    String message = t.getMessage();
    if (message == null) {
      return null;
    }
    int channel = message.indexOf(CHANNEL);
    if (channel < 0) {
      return null;
    }
    String reply = message.substring(0, channel).trim();
    if (t instanceof RedisOutOfMemoryException) {
      // Redisson drops the "OOM " code from this one.
      return new RedisReply("OOM", reply);
    }
    Matcher m = CODED.matcher(reply);
    return m.matches() ? new RedisReply(m.group(1), m.group(2).trim()) : null;
  }

  boolean is(String errorCode) {
    return code.equals(errorCode);
  }

  /** An ACL denial: NOPERM, or the wording Redis uses inside scripts. */
  boolean isPermissionDenied() {
    return is("NOPERM") || text.toLowerCase(Locale.ROOT).contains("no permissions");
  }

  boolean isCredentials() {
    return is("WRONGPASS") || is("NOAUTH");
  }

  /** {@code CODE: text}, as messages show it. */
  @Override
  public String toString() {
    return code + ": " + text;
  }
}
