package dev.nearcache.jcache.security;

import static dev.nearcache.jcache.security.SecuritySupport.closeAll;
import static dev.nearcache.jcache.security.SecuritySupport.describe;
import static dev.nearcache.jcache.security.SecuritySupport.entryKeys;
import static dev.nearcache.jcache.security.SecuritySupport.node;
import static dev.nearcache.jcache.security.SecuritySupport.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** Password and ACL authentication against a real redis-server. */
@Timeout(120)
class CredentialsTest {
  /** A bad connection must fail well within this, not hang. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  /** Short timeouts, so that a failure is quick. */
  private static Properties connecting(RedisServer redis, String... more) {
    Properties p = properties(more);
    p.setProperty("redis.address", redis.uri());
    p.setProperty("redis.timeout", "2s");
    p.setProperty("redis.connect-timeout", "2s");
    return p;
  }

  private static void roundTrip(CacheManager manager, String cacheName) {
    Cache<String, String> cache = manager.createCache(cacheName, strings());
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    assertTrue(cache.remove("k"));
    cache.put("k2", "v2");
  }

  /**
   * Runs the first cache use of a manager with bad credentials: it must end, within {@link #BOUND},
   * with a CacheException; returns it.
   */
  private static CacheException failsOnFirstUse(CacheManager manager, String cacheName) {
    return assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            Cache<String, String> cache = manager.createCache(cacheName, strings());
            cache.put("k", "v");
            String read = cache.get("k");
            fail("the operations succeeded without permission; read back " + read);
            return null;
          } catch (CacheException expected) {
            return expected;
          } catch (RuntimeException other) {
            fail("expected a CacheException, got " + describe(other), other);
            return null;
          }
        });
  }

  /**
   * Opening a manager with these properties must end, within {@link #BOUND}, with a CacheException
   * from getCacheManager itself (the provider connects before handing it out).
   */
  private static CacheException failsToOpen(String name, Properties properties) {
    return assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            CacheManager manager = node(name, properties);
            manager.close();
            fail("getCacheManager connected without permission");
            return null;
          } catch (CacheException expected) {
            return expected;
          } catch (RuntimeException other) {
            fail("expected a CacheException, got " + describe(other), other);
            return null;
          }
        });
  }

  private static void assertStartsWith(String prefix, Throwable e) {
    assertTrue(
        e.getMessage().startsWith(prefix),
        () -> "expected the message to start with '" + prefix + "' but it is: " + e.getMessage());
  }

  private static void assertMentionsOneOf(Throwable e, String... words) {
    String all = describe(e).toLowerCase(Locale.ROOT);
    for (String word : words) {
      if (all.contains(word.toLowerCase(Locale.ROOT))) {
        return;
      }
    }
    fail("expected the failure to mention one of " + List.of(words) + ": " + describe(e));
  }

  private static void assertDoesNotReveal(Throwable e, String secret) {
    assertFalse(
        describe(e).contains(secret), () -> "the failure reveals the password: " + describe(e));
  }

  // ------------------------------------------------------------------ requirepass

  @Test
  void theRightPasswordWorks() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret");
        RespClient admin = redis.client()) {
      CacheManager manager = node("a", connecting(redis, "redis.password", "s3cret"));
      try {
        roundTrip(manager, "protected");
        assertEquals(1, entryKeys(admin, "protected").size());
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void aWrongPasswordFailsGetCacheManagerNamingTheServerTheCodeAndTheSettings() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret");
        RespClient admin = redis.client()) {
      CacheException e = failsToOpen("a", connecting(redis, "redis.password", "not-the-one"));
      assertStartsWith("Redis at " + redis.uri() + " refused the credentials (WRONGPASS: ", e);
      assertTrue(
          e.getMessage().contains("check settings 'redis.username' and 'redis.password'"),
          e.getMessage());
      assertDoesNotReveal(e, "not-the-one");
      assertEquals(List.of(), entryKeys(admin, "protected"));
    }
  }

  @Test
  void noPasswordAgainstAProtectedServerFailsGetCacheManagerWithNoauth() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret");
        RespClient admin = redis.client()) {
      CacheException e = failsToOpen("a", connecting(redis));
      assertStartsWith("Redis at " + redis.uri() + " requires a password (NOAUTH: ", e);
      assertTrue(e.getMessage().contains("check setting 'redis.password'"), e.getMessage());
      assertEquals(List.of(), entryKeys(admin, "protected"));
    }
  }

  @Test
  void anUnreachableServerFailsGetCacheManagerNamingTheAddressAndTheConnectTimeout()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Properties p =
        properties("redis.address", "redis://127.0.0.1:" + port, "redis.connect-timeout", "2s");
    CacheException e = failsToOpen("a", p);
    assertStartsWith(
        "cannot connect to Redis at redis://127.0.0.1:"
            + port
            + " within connect-timeout 2000 ms (connection refused): check setting 'redis.address'",
        e);
    assertFalse(e.getMessage().contains("Unable to connect"), e.getMessage());
  }

  // ------------------------------------------------------------------ Redis 6+ ACL users

  /**
   * A server whose default user needs a password, so that only the ACL users' credentials matter.
   */
  private static RedisServer aclServer(RespClient[] adminOut) {
    RedisServer redis = RedisServer.start("--requirepass", "admin-pass");
    RespClient admin = redis.client();
    admin.call("ACL", "SETUSER", "app", "on", ">apppass", "~*", "&*", "+@all");
    admin.call("ACL", "SETUSER", "limited", "on", ">limitedpass", "~other:*", "&*", "+@all");
    adminOut[0] = admin;
    return redis;
  }

  @Test
  void anAclUserWithItsPasswordWorks() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    CacheManager manager = null;
    try {
      manager = node("a", connecting(redis, "redis.username", "app", "redis.password", "apppass"));
      roundTrip(manager, "acl");
      assertEquals(1, entryKeys(admin[0], "acl").size());
      String clients = admin[0].command("CLIENT", "LIST");
      assertTrue(clients.contains("user=app"), "no connection of user app: " + clients);
    } finally {
      closeAll(manager, admin[0], redis);
    }
  }

  @Test
  void anAclUserWithAWrongPasswordFailsGetCacheManager() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    try {
      CacheException e =
          failsToOpen(
              "a", connecting(redis, "redis.username", "app", "redis.password", "wrong-app-pass"));
      assertStartsWith("Redis at " + redis.uri() + " refused the credentials (WRONGPASS: ", e);
      assertDoesNotReveal(e, "wrong-app-pass");
      assertEquals(List.of(), entryKeys(admin[0], "acl"));
    } finally {
      closeAll(admin[0], redis);
    }
  }

  /**
   * A user that may not run what the provider needs at start (scripts): getCacheManager says which
   * rule.
   */
  @Test
  void anAclUserWithoutScriptingFailsGetCacheManagerNamingTheAclRule() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    try {
      admin[0].call(
          "ACL", "SETUSER", "noscripts", "on", ">nspass", "~*", "&*", "+@all", "-@scripting");
      CacheException e =
          failsToOpen(
              "a", connecting(redis, "redis.username", "noscripts", "redis.password", "nspass"));
      assertStartsWith(
          "Redis at "
              + redis.uri()
              + " denied user 'noscripts' a command the provider needs to start"
              + " (NOPERM: ",
          e);
      assertTrue(
          e.getMessage().contains("check the ACL rules of user 'noscripts'"), e.getMessage());
    } finally {
      closeAll(admin[0], redis);
    }
  }

  /** A user that may not touch the cache's keys: operations fail loudly and nothing is written. */
  @Test
  void anAclUserRestrictedToOtherKeysGetsACacheException() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    CacheManager manager = null;
    try {
      manager =
          node(
              "a", connecting(redis, "redis.username", "limited", "redis.password", "limitedpass"));
      CacheException e = failsOnFirstUse(manager, "acl");
      assertStartsWith(
          "Cache 'acl': opening the cache failed: Redis denied permission (NOPERM: ", e);
      assertEquals(
          List.of(), RespClient.asList(admin[0].call("KEYS", "nc:*")), "something was written");
    } finally {
      closeAll(manager, admin[0], redis);
    }
  }

  /**
   * The same, for a cache that an allowed user created: reads and writes of the limited user fail.
   */
  @Test
  void aRestrictedUserCannotReadOrWriteAnExistingCache() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    CacheManager owner = null;
    CacheManager limited = null;
    try {
      owner =
          node("owner", connecting(redis, "redis.username", "app", "redis.password", "apppass"));
      Cache<String, String> cache = owner.createCache("acl", strings());
      cache.put("k", "v");
      limited =
          node(
              "limited",
              connecting(redis, "redis.username", "limited", "redis.password", "limitedpass"));
      CacheManager limitedManager = limited;
      Executable use =
          () -> {
            Cache<String, String> mine = limitedManager.createCache("acl", strings());
            mine.put("k", "changed");
          };
      assertTimeoutPreemptively(
          BOUND,
          () -> {
            try {
              use.execute();
              fail("the restricted user wrote to the cache");
            } catch (CacheException expected) {
              assertMentionsOneOf(expected, "NOPERM", "permission");
            } catch (Throwable other) {
              fail("expected a CacheException, got " + describe(other), other);
            }
          });
      assertEquals("v", cache.get("k"));
    } finally {
      closeAll(limited, owner, admin[0], redis);
    }
  }
}
