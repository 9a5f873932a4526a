package dev.nearcache.jcache.security;

import static dev.nearcache.jcache.security.SecuritySupport.assertMessageNames;
import static dev.nearcache.jcache.security.SecuritySupport.closeAll;
import static dev.nearcache.jcache.security.SecuritySupport.describe;
import static dev.nearcache.jcache.security.SecuritySupport.entryKeys;
import static dev.nearcache.jcache.security.SecuritySupport.entryKeysOf;
import static dev.nearcache.jcache.security.SecuritySupport.eventually;
import static dev.nearcache.jcache.security.SecuritySupport.node;
import static dev.nearcache.jcache.security.SecuritySupport.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codec's allow-list seen through the cache: forbidden classes are refused on write (nothing
 * reaches Redis) and on read (the class is never loaded, let alone initialised), and corrupt bytes
 * in Redis are a CacheException naming the cache, confined to the entry that holds them.
 */
@Timeout(120)
class SerializationSafetyTest {
  /** Allowed by codec.allow below. */
  record Allowed(String text) {}

  /** Not allowed: a value class. */
  record Forbidden(String text) {}

  /** Not allowed: a key class. */
  record ForbiddenKey(String id) {}

  private static final String ALLOWED = Allowed.class.getName();
  private static final String FORBIDDEN = Forbidden.class.getName();
  private static final String FORBIDDEN_KEY = ForbiddenKey.class.getName();

  private RedisServer redis;
  private RespClient admin;

  @BeforeEach
  void startRedis() {
    redis = RedisServer.start();
    admin = redis.client();
  }

  @AfterEach
  void stopRedis() {
    closeAll(admin, redis);
  }

  private Properties allowing(String allow) {
    return properties("redis.address", redis.uri(), "codec.allow", allow);
  }

  private static MutableConfiguration<Object, Object> objects() {
    return new MutableConfiguration<>();
  }

  // ------------------------------------------------------------------ (a) writes of forbidden
  // classes

  @Test
  void aValueOfAForbiddenClassIsRefusedAndTheCacheIsUnchanged() {
    CacheManager manager = node("a", allowing(ALLOWED));
    try {
      Cache<Object, Object> cache = manager.createCache("guarded", objects());
      cache.put("existing", new Allowed("one"));
      assertEquals(1, entryKeys(admin, "guarded").size());

      CacheException replacing =
          assertThrows(CacheException.class, () -> cache.put("existing", new Forbidden("x")));
      assertMessageNames(replacing, "guarded", FORBIDDEN);
      CacheException creating =
          assertThrows(CacheException.class, () -> cache.put("fresh", new Forbidden("x")));
      assertMessageNames(creating, "guarded", FORBIDDEN);

      assertEquals(new Allowed("one"), cache.get("existing"));
      assertFalse(cache.containsKey("fresh"));
      assertNull(cache.get("fresh"));
      assertEquals(
          List.of(), entryKeysOf(admin, "guarded", "fresh"), "a Redis key was written for 'fresh'");
      assertEquals(1, entryKeys(admin, "guarded").size(), "keys: " + entryKeys(admin, "guarded"));
    } finally {
      manager.close();
    }
  }

  /** Every write path encodes before it writes. */
  @Test
  void everyWriteOperationRefusesAForbiddenValueWithoutWriting() {
    CacheManager manager = node("a", allowing(ALLOWED));
    try {
      Cache<Object, Object> cache = manager.createCache("guarded", objects());
      cache.put("existing", new Allowed("one"));
      Forbidden bad = new Forbidden("x");
      Map<String, Consumer<Cache<Object, Object>>> writes = new LinkedHashMap<>();
      writes.put("getAndPut(existing)", c -> c.getAndPut("existing", bad));
      writes.put("getAndPut(fresh)", c -> c.getAndPut("fresh", bad));
      writes.put("putIfAbsent(fresh)", c -> c.putIfAbsent("fresh", bad));
      writes.put("replace(existing)", c -> c.replace("existing", bad));
      writes.put(
          "replace(existing, old, new)", c -> c.replace("existing", new Allowed("one"), bad));
      writes.put("getAndReplace(existing)", c -> c.getAndReplace("existing", bad));
      writes.put(
          "putAll",
          c -> {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put("fresh", bad);
            map.put("existing", bad);
            c.putAll(map);
          });
      writes.put(
          "invoke(fresh) setValue",
          c ->
              c.invoke(
                  "fresh",
                  (entry, args) -> {
                    entry.setValue(bad);
                    return null;
                  }));
      writes.put(
          "invoke(existing) setValue",
          c ->
              c.invoke(
                  "existing",
                  (entry, args) -> {
                    entry.setValue(bad);
                    return null;
                  }));
      for (Map.Entry<String, Consumer<Cache<Object, Object>>> write : writes.entrySet()) {
        CacheException e =
            assertThrows(
                CacheException.class, () -> write.getValue().accept(cache), write.getKey());
        assertTrue(
            describe(e).contains(FORBIDDEN),
            write.getKey() + " does not name the class: " + describe(e));
        assertTrue(
            describe(e).contains("guarded"),
            write.getKey() + " does not name the cache: " + describe(e));
        assertEquals(new Allowed("one"), cache.get("existing"), "after " + write.getKey());
        assertFalse(cache.containsKey("fresh"), "after " + write.getKey());
        assertEquals(1, entryKeys(admin, "guarded").size(), "after " + write.getKey());
      }
    } finally {
      manager.close();
    }
  }

  @Test
  void aKeyOfAForbiddenClassIsRefusedAndTheCacheIsUnchanged() {
    CacheManager manager = node("a", allowing(ALLOWED));
    try {
      Cache<Object, Object> cache = manager.createCache("guarded", objects());
      cache.put("existing", new Allowed("one"));

      CacheException put =
          assertThrows(
              CacheException.class, () -> cache.put(new ForbiddenKey("k"), new Allowed("two")));
      assertMessageNames(put, "guarded", FORBIDDEN_KEY);
      CacheException get =
          assertThrows(CacheException.class, () -> cache.get(new ForbiddenKey("k")));
      assertMessageNames(get, "guarded", FORBIDDEN_KEY);
      CacheException both =
          assertThrows(
              CacheException.class, () -> cache.put(new ForbiddenKey("k"), new Forbidden("v")));
      assertMessageNames(both, "guarded");

      assertEquals(new Allowed("one"), cache.get("existing"));
      assertEquals(1, entryKeys(admin, "guarded").size(), "keys: " + entryKeys(admin, "guarded"));
    } finally {
      manager.close();
    }
  }

  // ------------------------------------------------------------------ (b) a node that does not
  // allow a class

  /**
   * Node A allows PoisonPayload and writes one; node B does not allow it and must refuse the bytes
   * before its class loader is even asked for the class. Both nodes live in this JVM, so each gets
   * a class loader that defines its own copy of PoisonPayload: whether B's copy was loaded or
   * initialised is then a fact about B alone, whatever A did. Node C allows the class and shows
   * that the same bytes do load and initialise it through C's loader.
   */
  @Test
  void aNodeThatDoesNotAllowAClassRefusesItsBytesWithoutLoadingIt() throws Exception {
    IsolatingClassLoader loaderA = new IsolatingClassLoader("node-a", Set.of(PoisonPayload.NAME));
    IsolatingClassLoader loaderB = new IsolatingClassLoader("node-b", Set.of(PoisonPayload.NAME));
    IsolatingClassLoader loaderC = new IsolatingClassLoader("node-c", Set.of(PoisonPayload.NAME));
    CacheManager a = node("a", loaderA, allowing(PoisonPayload.NAME + "," + ALLOWED));
    CacheManager b = node("b", loaderB, allowing(ALLOWED));
    CacheManager c = node("c", loaderC, allowing(PoisonPayload.NAME));
    try {
      Cache<String, Object> cacheA =
          a.createCache("shared", new MutableConfiguration<String, Object>());
      Cache<String, Object> cacheB =
          b.createCache("shared", new MutableConfiguration<String, Object>());
      Cache<String, Object> cacheC =
          c.createCache("shared", new MutableConfiguration<String, Object>());

      Class<?> poisonA = Class.forName(PoisonPayload.NAME, true, loaderA);
      assertSame(loaderA, poisonA.getClassLoader());
      assertTrue(InitLog.initialisedIn(loaderA), "the log does not see node A's copy initialised");
      Object payload = poisonA.getConstructor().newInstance();
      poisonA.getField("text").set(payload, "boom");
      cacheA.put("poison", payload);
      cacheA.put("fine", new Allowed("ok"));

      CacheException e = assertThrows(CacheException.class, () -> cacheB.get("poison"));
      assertMessageNames(e, "shared", PoisonPayload.NAME);
      assertThrows(CacheException.class, () -> cacheB.getAll(Set.of("poison")));
      assertThrows(
          CacheException.class,
          () -> {
            for (Cache.Entry<String, Object> ignored : cacheB) {
              // reading the entries decodes the poison one
            }
          });
      assertFalse(
          loaderB.wasAskedFor(PoisonPayload.NAME), "node B's class loader was asked for the class");
      assertFalse(loaderB.hasDefined(PoisonPayload.NAME), "node B loaded the class");
      assertFalse(InitLog.initialisedIn(loaderB), "the class's static initialiser ran in node B");

      // B still works: other entries read, the poison entry can be removed without decoding it.
      assertEquals(new Allowed("ok"), cacheB.get("fine"));
      assertTrue(cacheB.containsKey("poison"));

      // Control: a node that allows the class loads and initialises its own copy from the same
      // bytes.
      assertFalse(InitLog.initialisedIn(loaderC));
      Object decoded = cacheC.get("poison");
      assertSame(loaderC, decoded.getClass().getClassLoader());
      assertEquals("boom", decoded.getClass().getField("text").get(decoded));
      assertTrue(InitLog.initialisedIn(loaderC), "the control node did not initialise the class");

      assertTrue(cacheB.remove("poison"));
      eventually(() -> assertNull(cacheA.get("poison")));
      assertFalse(loaderB.wasAskedFor(PoisonPayload.NAME));
    } finally {
      closeAll(a, b, c);
    }
  }

  // ------------------------------------------------------------------ (c) corrupt bytes in Redis

  /**
   * Replaces the payload of one entry, keeping its 16-byte header (version and expiry, two
   * big-endian doubles) valid; binary-safe, so done in Lua. Returns the old length.
   */
  private long corruptPayload(String redisKey, String how) {
    String newPayload =
        switch (how) {
          case "garbage" -> "string.rep(string.char(255), 40)";
          case "truncated" -> "string.sub(v, 17, 16 + math.floor((#v - 16) / 2))";
          case "empty" -> "''";
          case "flipped" -> "string.char(255 - string.byte(v, 17)) .. string.sub(v, 18)";
          default -> throw new IllegalArgumentException(how);
        };
    String script =
        "local v = redis.call('GET', KEYS[1]) "
            + "if not v or #v < 17 then return -1 end "
            + "redis.call('SET', KEYS[1], string.sub(v, 1, 16) .. "
            + newPayload
            + ", 'KEEPTTL') "
            + "return #v";
    long length = (Long) admin.call("EVAL", script, "1", redisKey);
    assertTrue(length > 16, "no entry with a payload at " + redisKey);
    return length;
  }

  /**
   * The writer keeps what it wrote in its near cache, and a change made behind the provider's back
   * (straight into Redis) sends no change message; so the entry is read by a node that starts after
   * the corruption and has never seen it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"garbage", "truncated", "empty", "flipped"})
  void corruptBytesInRedisAreACacheExceptionForThatEntryOnly(String how) {
    CacheManager writer = node("writer", allowing(ALLOWED));
    CacheManager reader = null;
    try {
      Cache<String, Object> written =
          writer.createCache("fragile", new MutableConfiguration<String, Object>());
      written.put("good1", "one");
      written.put("bad", new Allowed("a value long enough to be cut in half"));
      written.put("good2", new Allowed("two"));
      List<String> badKeys = entryKeysOf(admin, "fragile", "bad");
      assertEquals(1, badKeys.size(), "keys: " + entryKeys(admin, "fragile"));
      corruptPayload(badKeys.get(0), how);

      reader = node("reader", allowing(ALLOWED));
      Cache<String, Object> cache =
          reader.createCache("fragile", new MutableConfiguration<String, Object>());
      CacheException e = assertThrows(CacheException.class, () -> cache.get("bad"));
      assertMessageNames(e, "fragile");
      // A failed read must not leave anything behind that makes the next read of the key wait.
      CacheException again =
          assertTimeout(
              Duration.ofSeconds(3),
              () -> assertThrows(CacheException.class, () -> cache.get("bad")),
              "the second read of the key stalled");
      assertMessageNames(again, "fragile");
      assertThrows(CacheException.class, () -> cache.getAll(Set.of("bad", "good1")));
      assertTrue(cache.containsKey("bad"));

      assertEquals("one", cache.get("good1"));
      assertEquals(
          Map.of("good1", "one", "good2", new Allowed("two")),
          cache.getAll(Set.of("good1", "good2")));

      assertTrue(cache.remove("bad"));
      assertNull(cache.get("bad"));
      eventually(() -> assertNull(written.get("bad"), "the writer still sees the removed entry"));
      assertEquals(List.of(), entryKeysOf(admin, "fragile", "bad"));
      cache.put("bad", "repaired");
      assertEquals("repaired", cache.get("bad"));
      assertEquals("one", cache.get("good1"));
    } finally {
      closeAll(reader, writer);
    }
  }

  /** Overwriting a corrupt entry (put does not need the old value) repairs it for every node. */
  @Test
  void aCorruptEntryCanBeOverwritten() {
    CacheManager writer = node("writer", allowing(ALLOWED));
    CacheManager reader = null;
    try {
      MutableConfiguration<String, String> strings =
          new MutableConfiguration<String, String>().setTypes(String.class, String.class);
      Cache<String, String> written = writer.createCache("fragile", strings);
      written.put("bad", "before");
      corruptPayload(entryKeysOf(admin, "fragile", "bad").get(0), "garbage");
      reader = node("reader", allowing(ALLOWED));
      Cache<String, String> cache = reader.createCache("fragile", strings);
      assertThrows(CacheException.class, () -> cache.get("bad"));
      cache.put("bad", "after");
      assertEquals("after", cache.get("bad"));
      eventually(() -> assertEquals("after", written.get("bad")));
    } finally {
      closeAll(reader, writer);
    }
  }
}
