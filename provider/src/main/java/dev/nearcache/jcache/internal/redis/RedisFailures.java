package dev.nearcache.jcache.internal.redis;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.WriteRedisConnectionException;

/**
 * Turns a Redisson exception of a cache operation into a {@link CacheException} in this library's
 * words: the cache, the operation, what happened (timed out, connection lost, refused, out of
 * memory, permission denied), and whether the operation may have taken effect. Redisson's message
 * (its internals and its tuning advice for settings this library does not expose) stays in the
 * cause only.
 */
public final class RedisFailures {
  private static final Pattern RESPONSE_TIMEOUT =
      Pattern.compile("response timeout \\((\\d+) ms\\)");

  private RedisFailures() {}

  /**
   * {@code Cache '<cacheName>': <operation> failed: <what happened>; <what is known of its
   * effect>}.
   *
   * @param operation what the caller asked for, e.g. {@code put} or {@code getAll}
   * @param applied what is known about whether the operation took effect
   */
  public static CacheException translate(
      String cacheName, String operation, RedisException e, Applied applied) {
    Objects.requireNonNull(e, "e");
    Objects.requireNonNull(applied, "applied");
    return new CacheException(
        "Cache '"
            + cacheName
            + "': "
            + operation
            + " failed: "
            + whatHappened(e)
            + "; "
            + applied.phrase(),
        e);
  }

  /**
   * Whether the server answered with an error (NOPERM, OOM, READONLY...) rather than not at all (a
   * timeout, a lost connection). Redis checks ACLs on a script's keys, memory and replica state
   * before it runs a script, so such an answer usually means nothing ran; an error raised inside a
   * script keeps the writes made before it, so callers decide what this means for their call.
   */
  public static boolean refusedByServer(RedisException e) {
    return RedisReply.in(e) != null;
  }

  /** What went wrong, in a sentence without Redisson's vocabulary. */
  static String whatHappened(RedisException e) {
    if (e instanceof RedisResponseTimeoutException) {
      return "Redis did not reply within " + responseTimeout(e) + " (setting 'redis.timeout')";
    }
    if (e instanceof RedisTimeoutException) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("Unable to acquire connection")) {
        return "no connection to Redis became free within the command timeout (settings 'redis.timeout',"
            + " 'redis.connection-pool-size')";
      }
      if (message.startsWith("Command still hasn't been written")) {
        return "the command could not be sent to Redis within the command timeout (setting 'redis.timeout');"
            + " the connection is stalled or the server unreachable";
      }
      return "timed out waiting for Redis (setting 'redis.timeout')";
    }
    if (e instanceof WriteRedisConnectionException) {
      return "the connection to Redis was lost; the command could not be sent"
          + because(NetworkReason.of(e));
    }
    if (e instanceof RedisReconnectedException) {
      return "the connection to Redis was lost while waiting for the reply";
    }
    if (e instanceof RedisConnectionException) {
      RedisReply reply = RedisReply.in(e);
      if (reply != null) {
        return refusal(reply);
      }
      return "cannot connect to Redis" + because(NetworkReason.of(e));
    }
    RedisReply reply = RedisReply.in(e);
    if (reply != null) {
      return refusal(reply);
    }
    String network = NetworkReason.of(e);
    if (network != null) {
      return "the connection to Redis failed (" + network + ")";
    }
    return "Redis failed: " + RedissonHints.strip(e.getMessage());
  }

  /** An error reply of the server. */
  private static String refusal(RedisReply reply) {
    if (reply.is("OOM")) {
      return "Redis is out of memory (" + reply + "); raise its maxmemory or let it evict";
    }
    if (reply.isPermissionDenied()) {
      return "Redis denied permission ("
          + reply
          + "): the ACL rules of the user in setting 'redis.username'"
          + " must allow this cache's keys and channels and the commands the provider runs";
    }
    if (reply.isCredentials()) {
      return "Redis refused the credentials ("
          + reply
          + "): check settings 'redis.username' and 'redis.password'";
    }
    if (reply.is("READONLY")) {
      return "Redis refused the write: the server is a read-only replica (" + reply + ")";
    }
    if (reply.is("BUSY")) {
      return "Redis is busy running a long script (" + reply + ")";
    }
    if (reply.is("LOADING")) {
      return "Redis is still loading its data set (" + reply + ")";
    }
    if (reply.is("CLUSTERDOWN") || reply.is("MASTERDOWN") || reply.is("TRYAGAIN")) {
      return "the Redis cluster cannot serve the keys now (" + reply + ")";
    }
    return "Redis replied with an error (" + reply + ")";
  }

  private static String responseTimeout(RedisException e) {
    Matcher m = RESPONSE_TIMEOUT.matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group(1) + " ms" : "the command timeout";
  }

  private static String because(String reason) {
    return reason == null ? "" : " (" + reason + ")";
  }
}
