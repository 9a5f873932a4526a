package dev.nearcache.jcache.internal.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a connection to Redis failed at the network level, in a few words ("connection refused", "no
 * answer", "TLS handshake failed: ..."), from the deepest cause that says so. Redisson wraps the
 * socket's exception three to five levels deep.
 */
final class NetworkReason {
  private NetworkReason() {}

  /** The reason, or null when no cause is a network failure. */
  static String of(Throwable failure) {
    String found = null;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      String reason = reason(t);
      if (reason != null) {
        found = reason;
      }
    }
    return found;
  }

  private static String reason(Throwable t) {
    String name = t.getClass().getName();
    String message = t.getMessage() == null ? "" : t.getMessage();
    if (t instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (name.endsWith("ConnectTimeoutException")) {
      return "no answer";
    }
    if (t instanceof ConnectException) {
      return message.toLowerCase(Locale.ROOT).contains("refused")
          ? "connection refused"
          : "cannot connect: " + message;
    }
    if (t instanceof SSLException) {
      return "TLS handshake failed: " + message;
    }
    if (t instanceof ClosedChannelException || name.endsWith("ClosedChannelException")) {
      return "connection closed";
    }
    if (message.startsWith("Can't decode replay")) {
      // Something that is not Redis answered (a proxy, a TLS port spoken to in plain text).
      return "the server did not answer in the Redis protocol";
    }
    return null;
  }
}
