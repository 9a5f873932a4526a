package dev.nearcache.jcache.internal.redis;

import javax.cache.CacheException;

/**
 * The error a cache manager reports when it cannot open its connection to Redis: it starts with the
 * server and what went wrong (the Redis error code, or the network's reason) and names the setting
 * to check. Redisson reports all of these as "Unable to connect to Redis server" with the server's
 * reply several causes deep; that chain stays the cause.
 */
public final class ConnectFailures {
  private ConnectFailures() {}

  /**
   * What a manager was connecting to, as its settings say.
   *
   * @param where the server(s), e.g. {@code redis://127.0.0.1:6380}
   * @param addressSetting the setting that names them ({@code redis.address}, {@code
   *     redis.addresses})
   * @param connectTimeoutMillis the configured connect timeout
   * @param username the ACL user, or null for the default user
   * @param source the configuration's source, as settings errors name it
   */
  public record Target(
      String where,
      String addressSetting,
      long connectTimeoutMillis,
      String username,
      String source) {}

  public static CacheException translate(Target target, RuntimeException e) {
    return new CacheException(
        message(target, e) + " (nearcache configuration " + target.source() + ")", e);
  }

  static String message(Target target, Throwable e) {
    String where = target.where();
    String username = target.username();
    long connectTimeoutMillis = target.connectTimeoutMillis();
    RedisReply reply = RedisReply.in(e);
    if (reply != null) {
      if (reply.is("NOAUTH")) {
        return "Redis at "
            + where
            + " requires a password ("
            + reply
            + "): check setting 'redis.password'"
            + (username == null ? "" : " and 'redis.username'");
      }
      if (reply.isCredentials()) {
        return "Redis at "
            + where
            + " refused the credentials ("
            + reply
            + "): check settings 'redis.username'"
            + " and 'redis.password'";
      }
      if (reply.isPermissionDenied()) {
        String user = username == null ? "the default user" : "user '" + username + "'";
        return "Redis at "
            + where
            + " denied "
            + user
            + " a command the provider needs to start ("
            + reply
            + "): check the ACL rules of "
            + user
            + " (setting 'redis.username'); it needs the scripting"
            + " commands (EVAL, EVALSHA, SCRIPT), INFO, PING and pub/sub";
      }
      return "Redis at " + where + " refused the connection (" + reply + ")";
    }
    String network = NetworkReason.of(e);
    if (network != null) {
      return "cannot connect to Redis at "
          + where
          + " within connect-timeout "
          + connectTimeoutMillis
          + " ms ("
          + network
          + "): check setting '"
          + target.addressSetting()
          + "' and that the server is running";
    }
    return "cannot connect to Redis at "
        + where
        + " within connect-timeout "
        + connectTimeoutMillis
        + " ms ("
        + RedissonHints.strip(e.getMessage())
        + ")";
  }
}
