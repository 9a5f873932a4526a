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
   * Runs the first cache use of a manager with bad credentials: it must end, within {@link
   * #BOUND}, with a CacheException; returns it.
   */
  private static CacheException failsOnFirstUse(CacheManager manager, String cacheName) {
    return assertTimeoutPreemptively(BOUND, () -> {
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
    assertFalse(describe(e).contains(secret), () -> "the failure reveals the password: " + describe(e));
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
  void aWrongPasswordIsACacheExceptionOnFirstUse() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret");
         RespClient admin = redis.client()) {
      CacheManager manager = node("a", connecting(redis, "redis.password", "not-the-one"));
      try {
        CacheException e = failsOnFirstUse(manager, "protected");
        assertMentionsOneOf(e, "WRONGPASS", "password", "auth");
        assertDoesNotReveal(e, "not-the-one");
        assertEquals(List.of(), entryKeys(admin, "protected"));
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void noPasswordAgainstAProtectedServerIsACacheException() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret");
         RespClient admin = redis.client()) {
      CacheManager manager = node("a", connecting(redis));
      try {
        CacheException e = failsOnFirstUse(manager, "protected");
        assertMentionsOneOf(e, "NOAUTH", "password", "auth");
        assertEquals(List.of(), entryKeys(admin, "protected"));
      } finally {
        manager.close();
      }
    }
  }

  // ------------------------------------------------------------------ Redis 6+ ACL users

  /** A server whose default user needs a password, so that only the ACL users' credentials matter. */
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
  void anAclUserWithAWrongPasswordIsACacheException() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    CacheManager manager = null;
    try {
      manager = node("a", connecting(redis, "redis.username", "app", "redis.password", "wrong-app-pass"));
      CacheException e = failsOnFirstUse(manager, "acl");
      assertMentionsOneOf(e, "WRONGPASS", "password", "auth");
      assertDoesNotReveal(e, "wrong-app-pass");
      assertEquals(List.of(), entryKeys(admin[0], "acl"));
    } finally {
      closeAll(manager, admin[0], redis);
    }
  }

  /** A user that may not touch the cache's keys: operations fail loudly and nothing is written. */
  @Test
  void anAclUserRestrictedToOtherKeysGetsACacheException() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    CacheManager manager = null;
    try {
      manager = node("a", connecting(redis, "redis.username", "limited", "redis.password", "limitedpass"));
      CacheException e = failsOnFirstUse(manager, "acl");
      assertMentionsOneOf(e, "NOPERM", "permission");
      assertEquals(List.of(), RespClient.asList(admin[0].call("KEYS", "nc:*")), "something was written");
    } finally {
      closeAll(manager, admin[0], redis);
    }
  }

  /** The same, for a cache that an allowed user created: reads and writes of the limited user fail. */
  @Test
  void aRestrictedUserCannotReadOrWriteAnExistingCache() {
    RespClient[] admin = new RespClient[1];
    RedisServer redis = aclServer(admin);
    CacheManager owner = null;
    CacheManager limited = null;
    try {
      owner = node("owner", connecting(redis, "redis.username", "app", "redis.password", "apppass"));
      Cache<String, String> cache = owner.createCache("acl", strings());
      cache.put("k", "v");
      limited = node("limited", connecting(redis, "redis.username", "limited", "redis.password", "limitedpass"));
      CacheManager limitedManager = limited;
      Executable use = () -> {
        Cache<String, String> mine = limitedManager.createCache("acl", strings());
        mine.put("k", "changed");
      };
      assertTimeoutPreemptively(BOUND, () -> {
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
