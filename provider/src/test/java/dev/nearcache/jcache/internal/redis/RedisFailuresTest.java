package dev.nearcache.jcache.internal.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.Redisson;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** Real Redisson exceptions from real failures of a real redis-server, and what they become. */
@Timeout(120)
class RedisFailuresTest {
  /** Redisson's advice for its own settings, which must not reach the caller's message. */
  private static final List<String> HINTS =
      List.of(
          "nettyThreads",
          "Check CPU",
          "Increase connection pool",
          "Try to increase",
          "TCP packet drops",
          "Netty pending tasks",
          "subscribeOnElements",
          "channel: [id:");

  /**
   * One connection, no retries, a short timeout: failures come fast and as Redisson reports them.
   */
  private static RedissonClient client(
      RedisServer redis, String user, String password, int timeoutMillis) {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(redis.uri())
        .setUsername(user)
        .setPassword(password)
        .setTimeout(timeoutMillis)
        .setConnectTimeout(2000)
        .setRetryAttempts(0)
        .setConnectionPoolSize(1)
        .setConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setSubscriptionConnectionPoolSize(1);
    config.setCodec(StringCodec.INSTANCE);
    return Redisson.create(config);
  }

  /** Runs DEBUG SLEEP on its own connection, so that the server answers nobody for that long. */
  private static CompletableFuture<Void> sleepServer(RedisServer redis, String seconds) {
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              try (RespClient admin = redis.client()) {
                admin.call("DEBUG", "SLEEP", seconds);
              }
            });
    // Let the sleep begin before the command under test is sent (any probe would block behind it).
    pause(200);
    return done;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertNoHints(String message) {
    for (String hint : HINTS) {
      assertFalse(
          message.contains(hint), () -> "Redisson's text '" + hint + "' leaked into: " + message);
    }
  }

  private static CacheException translated(RedisException e, String operation, Applied applied) {
    CacheException translated = RedisFailures.translate("orders", operation, e, applied);
    assertSame(e, translated.getCause(), "the original must stay the cause");
    assertTrue(
        translated.getMessage().startsWith("Cache 'orders': " + operation + " failed: "),
        translated.getMessage());
    assertNoHints(translated.getMessage());
    return translated;
  }

  @Test
  void aReplyThatDoesNotComeInTimeNamesTheTimeoutAndTheSettingWithoutRedissonsAdvice() {
    try (RedisServer redis = RedisServer.start("--enable-debug-command", "yes")) {
      RedissonClient client = client(redis, null, null, 300);
      try {
        CompletableFuture<Void> sleeping = sleepServer(redis, "2");
        RedisException e = assertThrows(RedisException.class, () -> client.getBucket("k").set("v"));
        sleeping.join();
        assertTrue(e instanceof RedisResponseTimeoutException, () -> "got " + e);
        assertTrue(
            e.getMessage().contains("nettyThreads"),
            "Redisson's message changed: " + e.getMessage());
        CacheException t = translated(e, "put", Applied.MAYBE_APPLIED_BEFORE_DEADLINE);
        assertEquals(
            "Cache 'orders': put failed: Redis did not reply within 300 ms (setting 'redis.timeout');"
                + " it may have been applied before its deadline, never after it; read the entry to find out",
            t.getMessage());
        assertFalse(RedisFailures.refusedByServer(e));
        String stripped = RedissonHints.strip(e.getMessage());
        assertNoHints(stripped.replace("channel: [id:", ""));
        assertTrue(stripped.startsWith("Redis server response timeout (300 ms)"), stripped);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aCommandWaitingForABusyConnectionTimesOutInOurWords() {
    try (RedisServer redis = RedisServer.start("--enable-debug-command", "yes")) {
      RedissonClient client = client(redis, null, null, 300);
      try {
        CompletableFuture<Void> sleeping = sleepServer(redis, "2");
        RFuture<Void> first = client.getBucket("a", StringCodec.INSTANCE).setAsync("1");
        RedisException e = assertThrows(RedisException.class, () -> client.getBucket("b").set("2"));
        assertThrows(Exception.class, () -> first.toCompletableFuture().join());
        sleeping.join();
        assertTrue(e instanceof RedisTimeoutException, () -> "got " + e);
        CacheException t = translated(e, "putAll", Applied.UNKNOWN);
        assertTrue(t.getMessage().contains("setting 'redis.timeout'"), t.getMessage());
        assertTrue(
            t.getMessage()
                .endsWith("it may or may not have been applied; read the entry to find out"),
            t.getMessage());
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aStoppedServerIsALostConnection() {
    RedisServer redis = RedisServer.start();
    RedissonClient client = client(redis, null, null, 1000);
    try {
      client.getBucket("k").set("v");
      redis.stop();
      RedisException e = assertThrows(RedisException.class, () -> client.getBucket("k").set("w"));
      CacheException t = translated(e, "put", Applied.NOT_APPLIED);
      String m = t.getMessage();
      // Which one depends on whether Redisson noticed the closed socket before the command.
      assertTrue(
          m.contains("connection to Redis was lost") || m.contains("cannot connect to Redis"), m);
      assertTrue(m.endsWith("; nothing was changed"), m);
    } finally {
      client.shutdown();
      redis.close();
    }
  }

  @Test
  void aServerOverItsMemoryLimitIsOutOfMemory() {
    try (RedisServer redis = RedisServer.start();
        RespClient admin = redis.client()) {
      RedissonClient client = client(redis, null, null, 2000);
      try {
        admin.call("CONFIG", "SET", "maxmemory", "1");
        RedisException e = assertThrows(RedisException.class, () -> client.getBucket("k").set("v"));
        CacheException t = translated(e, "put", Applied.NOT_APPLIED);
        assertTrue(
            t.getMessage()
                .contains("Redis is out of memory (OOM: command not allowed when used memory"),
            t.getMessage());
        assertTrue(RedisFailures.refusedByServer(e));
      } finally {
        admin.call("CONFIG", "SET", "maxmemory", "0");
        client.shutdown();
      }
    }
  }

  @Test
  void anAclDenialIsPermissionDeniedNamingTheUserSetting() {
    try (RedisServer redis = RedisServer.start();
        RespClient admin = redis.client()) {
      admin.call("ACL", "SETUSER", "limited", "on", ">pw", "~other:*", "&*", "+@all");
      RedissonClient client = client(redis, "limited", "pw", 2000);
      try {
        RedisException e =
            assertThrows(RedisException.class, () -> client.getBucket("nc:k").set("v"));
        CacheException t = translated(e, "put", Applied.NOT_APPLIED);
        assertTrue(
            t.getMessage()
                .startsWith("Cache 'orders': put failed: Redis denied permission (NOPERM: "),
            t.getMessage());
        assertTrue(t.getMessage().contains("setting 'redis.username'"), t.getMessage());
        assertEquals(List.of(), RespClient.asList(admin.call("KEYS", "*")));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void anyOtherErrorReplyIsQuotedWithoutRedissonsChannelDump() {
    try (RedisServer redis = RedisServer.start();
        RespClient admin = redis.client()) {
      RedissonClient client = client(redis, null, null, 2000);
      try {
        admin.call("LPUSH", "list", "x");
        RedisException e = assertThrows(RedisException.class, () -> client.getBucket("list").get());
        CacheException t = translated(e, "get", Applied.NOT_APPLIED);
        assertTrue(
            t.getMessage()
                .contains("Redis replied with an error (WRONGTYPE: Operation against a key"),
            t.getMessage());
      } finally {
        client.shutdown();
      }
    }
  }
}
