package dev.nearcache.jcache.security;

import static dev.nearcache.jcache.security.SecuritySupport.closeAll;
import static dev.nearcache.jcache.security.SecuritySupport.describe;
import static dev.nearcache.jcache.security.SecuritySupport.eventually;
import static dev.nearcache.jcache.security.SecuritySupport.node;
import static dev.nearcache.jcache.security.SecuritySupport.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.RedisCache;
import dev.nearcache.testing.RedisCluster;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ACL rule of docs/configuration.md ("Least privilege: the Redis ACL rule") is enough for every
 * kind of cache operation, on two nodes, with the near tier reconciling in the background; and
 * nothing the provider sends is refused (the server's {@code ACL LOG} stays empty, which also
 * catches refusals in background threads whose errors no caller sees).
 */
@Timeout(180)
class LeastPrivilegeTest {
  /** The documented rule for the default key prefix, without user, password and {@code on}. */
  static final List<String> RULE =
      List.of(
          "resetkeys",
          "~nc:*",
          "resetchannels",
          "&nc:*",
          "-@all",
          // sent by the provider and Redisson
          "+evalsha",
          "+evalsha_ro",
          "+script|load",
          "+get",
          "+del",
          "+ssubscribe",
          "+sunsubscribe",
          "+ping",
          // run inside the scripts
          "+time",
          "+incr",
          "+set",
          "+setrange",
          "+mget",
          "+mset",
          "+hget",
          "+hsetnx",
          "+persist",
          "+pexpireat",
          "+zadd",
          "+zcard",
          "+zrange",
          "+zrem",
          "+zremrangebyscore",
          "+zscan",
          "+spublish");

  /** What cluster mode adds: Redisson reads the topology and counts subscriptions per node. */
  static final List<String> CLUSTER_ADDS =
      List.of("+cluster|nodes", "+pubsub|numpat", "+pubsub|shardnumsub");

  static final String USER = "app";
  static final String PASSWORD = "app-secret";
  static final long INTERVAL_MILLIS = 100;

  /** {@code more}: further settings, alternating names and values, that win over these. */
  static Properties settings(RedisServer redis, String user, String password, String... more) {
    Properties p = new Properties();
    p.setProperty("redis.address", redis.uri());
    p.setProperty("redis.username", user);
    p.setProperty("redis.password", password);
    p.setProperty("redis.timeout", "3s");
    p.setProperty("redis.connect-timeout", "3s");
    p.setProperty("defaults.near-cache.reconciliation-interval", INTERVAL_MILLIS + "ms");
    p.putAll(properties(more));
    return p;
  }

  /** A server whose default user needs a password, and an ACL user with {@code rule}. */
  static RedisServer serverWithUser(String user, String password, List<String> rule) {
    RedisServer redis = RedisServer.start("--requirepass", "admin-pass");
    try (RespClient admin = redis.client()) {
      List<String> args =
          new ArrayList<>(List.of("ACL", "SETUSER", user, "reset", "on", ">" + password));
      args.addAll(rule);
      admin.call(args.toArray(String[]::new));
      admin.call("ACL", "LOG", "RESET");
      admin.call("CONFIG", "RESETSTAT");
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setStatisticsEnabled(true);
  }

  @Test
  void theDocumentedRuleIsEnoughForEveryOperation() throws Exception {
    RedisServer redis = serverWithUser(USER, PASSWORD, RULE);
    RespClient admin = redis.client();
    CacheManager a = null;
    CacheManager b = null;
    try {
      a = node("lp-a", settings(redis, USER, PASSWORD));
      b = node("lp-b", settings(redis, USER, PASSWORD));
      everyOperation(a, b);
      // Redis forgets its scripts on a restart or SCRIPT FLUSH: the provider loads them again
      admin.call("SCRIPT", "FLUSH");
      afterScriptFlush(a, b);
      // closing unsubscribes: part of what must be allowed
      a.close();
      b.close();
      assertEquals(
          List.of(), RespClient.asList(admin.call("ACL", "LOG")), "the server refused something");
      assertEveryGrantWasUsed(admin.commandCalls());
    } finally {
      closeAll(a, b, admin, redis);
    }
  }

  /** Cluster mode (three primaries): the rule plus {@link #CLUSTER_ADDS} on every node. */
  @Test
  void inClusterModeTheRuleNeedsTheTopologyCommands() throws Exception {
    List<String> rule = new ArrayList<>(RULE);
    rule.addAll(CLUSTER_ADDS);
    try (RedisCluster cluster = RedisCluster.start()) {
      for (RedisServer n : cluster.nodes()) {
        try (RespClient c = n.client()) {
          List<String> args =
              new ArrayList<>(List.of("ACL", "SETUSER", USER, "reset", "on", ">" + PASSWORD));
          args.addAll(rule);
          c.call(args.toArray(String[]::new));
          c.call("ACL", "LOG", "RESET");
        }
      }
      Properties p =
          settings(
              cluster.node(0),
              USER,
              PASSWORD,
              "redis.mode",
              "cluster",
              "redis.addresses",
              String.join(",", cluster.uris()));
      p.remove("redis.address");
      CacheManager a = null;
      CacheManager b = null;
      try {
        a = node("lp-cluster-a", p);
        b = node("lp-cluster-b", p);
        Cache<String, String> ca = a.createCache("lp", strings());
        Cache<String, String> cb = b.createCache("lp", strings());
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 50; i++) {
          many.put("k" + i, "v" + i);
        }
        ca.putAll(many);
        assertEquals(many, cb.getAll(many.keySet()));
        int iterated = 0;
        for (Cache.Entry<String, String> unused : cb) {
          iterated++;
        }
        assertEquals(many.size(), iterated);
        ca.put("k1", "new");
        eventually(() -> assertEquals("new", cb.get("k1")));
        TimeUnit.MILLISECONDS.sleep(10 * INTERVAL_MILLIS); // reconciliation rounds
        ca.clear();
        a.destroyCache("lp");
      } finally {
        closeAll(a, b);
      }
      for (RedisServer n : cluster.nodes()) {
        try (RespClient c = n.client()) {
          assertEquals(
              List.of(),
              RespClient.asList(c.call("ACL", "LOG")),
              "node " + n.port() + " refused something");
        }
      }
    }
  }

  /** {@code redis.client-name} makes Redisson name every connection: one more command. */
  @Test
  void aClientNameNeedsClientSetname() {
    List<String> rule = new ArrayList<>(RULE);
    rule.add("+client|setname");
    RedisServer redis = serverWithUser(USER, PASSWORD, rule);
    RespClient admin = redis.client();
    CacheManager a = null;
    try {
      a = node("lp-named", settings(redis, USER, PASSWORD, "redis.client-name", "orders-service"));
      Cache<String, String> cache = a.createCache("lp", strings());
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertTrue(
          admin.command("CLIENT", "LIST").contains("name=orders-service"),
          "connections are not named");
      a.close();
      assertEquals(
          List.of(), RespClient.asList(admin.call("ACL", "LOG")), "the server refused something");
    } finally {
      closeAll(a, admin, redis);
    }
  }

  /** The same commands on other keys: the provider cannot work, and says so on first use. */
  @Test
  void aRuleWithoutTheKeyPrefixFails() {
    List<String> rule = new ArrayList<>(RULE);
    rule.set(rule.indexOf("~nc:*"), "~other:*");
    RedisServer redis = serverWithUser(USER, PASSWORD, rule);
    RespClient admin = redis.client();
    CacheManager a = null;
    try {
      a = node("lp-nokeys", settings(redis, USER, PASSWORD));
      CacheException e = failsOnFirstUse(a);
      assertTrue(
          describe(e).contains("NOPERM"),
          "the failure does not say that Redis refused: " + describe(e));
      assertTrue(
          aclLogReasons(admin).contains("key"), "no key was refused: " + admin.call("ACL", "LOG"));
      assertEquals(List.of(), RespClient.asList(admin.call("KEYS", "*")), "something was written");
    } finally {
      closeAll(a, admin, redis);
    }
  }

  /** The keys but not the channels: no change message can be sent or received, so nothing works. */
  @Test
  void aRuleWithoutTheChannelPrefixFails() {
    List<String> rule = new ArrayList<>(RULE);
    rule.set(rule.indexOf("&nc:*"), "&other:*");
    RedisServer redis = serverWithUser(USER, PASSWORD, rule);
    RespClient admin = redis.client();
    CacheManager a = null;
    try {
      // Redisson cannot decode the refusal of SSUBSCRIBE and waits for its timeout; the provider
      // then finds the refusal with a probe and fails at once, naming the channel and the grant
      a = node("lp-nochannels", settings(redis, USER, PASSWORD, "redis.timeout", "1s"));
      CacheException e = failsOnFirstUse(a);
      assertTrue(
          describe(e).contains("may not use the channel nc:{")
              && describe(e).contains("NOPERM")
              && describe(e).contains("&nc:*"),
          "the failure does not say what was refused: " + describe(e));
      assertTrue(
          aclLogReasons(admin).contains("channel"),
          "no channel was refused: " + admin.call("ACL", "LOG"));
    } finally {
      closeAll(a, admin, redis);
    }
  }

  private static CacheException failsOnFirstUse(CacheManager manager) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          try {
            Cache<String, String> cache = manager.createCache("lp", strings());
            cache.put("k", "v");
            fail("the cache worked without permission; read back " + cache.get("k"));
            return null;
          } catch (CacheException expected) {
            return expected;
          }
        });
  }

  /**
   * The {@code reason} of every ACL LOG entry ({@code command}, {@code key}, {@code channel},
   * {@code auth}).
   */
  private static Set<String> aclLogReasons(RespClient admin) {
    Set<String> reasons = new HashSet<>();
    for (Object entry : RespClient.asList(admin.call("ACL", "LOG"))) {
      List<Object> fields = RespClient.asList(entry);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("reason".equals(fields.get(i))) {
          reasons.add(String.valueOf(fields.get(i + 1)));
        }
      }
    }
    return reasons;
  }

  /**
   * Every command the rule grants was run: the rule is no wider than the provider needs (if this
   * fails because the provider stopped using a command, narrow the rule here and in the docs).
   */
  private static void assertEveryGrantWasUsed(Map<String, Long> calls) {
    List<String> unused = new ArrayList<>();
    for (String grant : RULE) {
      String command = grant.substring(1);
      // A subcommand grant (script|load) is counted under its command (script) or as script|load
      long n =
          calls.getOrDefault(command, calls.getOrDefault(command.replaceFirst("\\|.*", ""), 0L));
      if (grant.startsWith("+") && n == 0) {
        unused.add(grant);
      }
    }
    assertEquals(List.of(), unused, "granted but never run; commands run: " + calls);
  }

  /** A custom expiry policy: 60 s after creation or update, eternal once read. */
  public static final class EternalOnceRead implements ExpiryPolicy, Serializable {
    private static final long serialVersionUID = 1L;
    private static final javax.cache.expiry.Duration MINUTE =
        new javax.cache.expiry.Duration(TimeUnit.SECONDS, 60);

    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      return MINUTE;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      return javax.cache.expiry.Duration.ETERNAL;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      return MINUTE;
    }
  }

  private static void afterScriptFlush(CacheManager a, CacheManager b) {
    Cache<String, String> ca = a.createCache("lp-flushed", strings());
    ca.put("k", "v");
    assertEquals("v", ca.get("k"));
    Cache<String, String> cb =
        b.createCache("lp-flushed", strings()); // a manager knows only caches it opened
    assertEquals("v", cb.get("k"));
    assertEquals("v", ca.getAll(Set.of("k")).get("k"));
  }

  private static void everyOperation(CacheManager a, CacheManager b) throws InterruptedException {
    Cache<String, String> ca = a.createCache("lp", strings());
    Cache<String, String> cb =
        b.createCache("lp", strings()); // a manager knows only caches it opened
    // single-key operations
    ca.put("k1", "v1");
    assertEquals("v1", ca.get("k1"));
    assertTrue(ca.containsKey("k1"));
    assertFalse(ca.putIfAbsent("k1", "other"));
    assertTrue(ca.putIfAbsent("k2", "v2"));
    assertEquals("v2", ca.getAndPut("k2", "v2b"));
    assertTrue(ca.replace("k2", "v2c"));
    assertTrue(ca.replace("k2", "v2c", "v2d"));
    assertEquals("v2d", ca.getAndReplace("k2", "v2e"));
    assertTrue(ca.remove("k2", "v2e"));
    ca.put("k3", "v3");
    assertEquals("v3", ca.getAndRemove("k3"));
    ca.put("k3", "v3");
    assertTrue(ca.remove("k3"));
    assertEquals(
        "v1!",
        ca.invoke(
            "k1",
            (entry, args) -> {
              entry.setValue(entry.getValue() + "!");
              return entry.getValue();
            }));
    ca.invoke(
        "k4",
        (entry, args) -> {
          entry.setValue("v4");
          return null;
        });
    ca.invoke(
        "k4",
        (entry, args) -> {
          entry.remove();
          return null;
        });
    assertNull(ca.get("k4"));

    // bulk operations and iteration
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      many.put("m" + i, "v" + i);
    }
    ca.putAll(many);
    assertEquals(many, ca.getAll(many.keySet()));
    Set<String> iterated = new HashSet<>();
    for (Cache.Entry<String, String> e : ca) {
      iterated.add(e.getKey());
    }
    assertTrue(iterated.containsAll(many.keySet()), "iteration missed keys: " + iterated);
    ca.removeAll(Set.of("m0", "m1"));
    assertNull(ca.get("m0"));
    ca.removeAll();
    assertNull(ca.get("m2"));
    ca.put("c", "1");
    ca.clear();
    assertNull(ca.get("c"));

    // the other node's near tier: it caches a value, drops or replaces it when this node writes
    ca.put("shared", "old");
    assertEquals("old", cb.get("shared"));
    assertEquals("old", cb.get("shared"));
    RedisCache<?, ?> nearB = cb.unwrap(RedisCache.class);
    long invalidationsBefore =
        nearB.nearCacheMetrics().invalidationsReceived()
            + nearB.nearCacheMetrics().valuesReplaced();
    ca.put("shared", "new");
    Cache<String, String> readB = cb;
    eventually(() -> assertEquals("new", readB.get("shared")));
    assertTrue(
        nearB.nearCacheMetrics().invalidationsReceived() + nearB.nearCacheMetrics().valuesReplaced()
            > invalidationsBefore,
        "no change message reached node b: " + nearB.nearCacheMetrics());

    // reconciliation: several leases later, node b still serves from its near tier, which it
    // does only while its reconciliations succeed
    TimeUnit.MILLISECONDS.sleep(10 * INTERVAL_MILLIS);
    long hitsBefore = nearB.nearCacheMetrics().nearHits();
    assertEquals("new", cb.get("shared"));
    assertEquals(
        hitsBefore + 1,
        nearB.nearCacheMetrics().nearHits(),
        "node b's near tier stopped serving: " + nearB.nearCacheMetrics());

    // expiry: an entry found expired, and an access that shortens an entry's life
    Cache<String, String> created =
        a.createCache(
            "lp-created",
            strings()
                .setExpiryPolicyFactory(
                    CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 200))));
    created.put("e", "x");
    assertEquals("x", created.get("e"));
    TimeUnit.MILLISECONDS.sleep(400);
    assertNull(created.get("e"));
    Cache<String, String> accessed =
        a.createCache(
            "lp-accessed",
            strings()
                .setExpiryPolicyFactory(
                    AccessedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.SECONDS, 60))));
    accessed.put("e", "x");
    assertEquals("x", accessed.get("e"));
    assertEquals(Map.of("e", "x"), accessed.getAll(Set.of("e")));

    // a custom policy: writes are planned, then committed by version; a read makes the entry
    // eternal (the access path that removes the Redis TTL)
    Cache<String, String> custom =
        a.createCache(
            "lp-custom",
            strings().setExpiryPolicyFactory(FactoryBuilder.factoryOf(EternalOnceRead.class)));
    custom.put("e", "x");
    custom.put("e", "y");
    assertEquals("y", custom.get("e"));
    custom.put("f", "z");
    assertEquals(Map.of("f", "z"), custom.getAll(Set.of("f")));

    // destroying a cache (its entries and its metadata)
    a.destroyCache("lp-created");
    a.destroyCache("lp");
  }
}
