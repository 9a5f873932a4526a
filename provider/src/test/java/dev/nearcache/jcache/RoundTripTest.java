package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts, from Redis's own INFO commandstats, what each single-key operation sends: at most one
 * EVALSHA (one round trip) and no other command from the client; with the near tier on, a read of
 * an entry the node holds sends nothing at all.
 */
class RoundTripTest {
  static RedisFixture redis;
  static CacheManager nearOff;
  static CacheManager nearOn;
  static RespClient admin;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    nearOff = node("off", false);
    nearOn = node("on", true);
    admin = redis.server().client();
  }

  static CacheManager node(String name, boolean near) {
    Properties p = redis.properties();
    p.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:roundtrip-" + name), RoundTripTest.class.getClassLoader(), p);
  }

  @AfterAll
  static void stop() {
    nearOff.close();
    nearOn.close();
    redis.close();
  }

  /** Commands the client sent, by name, during {@code op}; commands run inside scripts excluded. */
  private Map<String, Long> commandsDuring(
      Cache<String, String> cache, Consumer<Cache<String, String>> op) {
    cache.put("present", "v");
    admin.command("CONFIG", "RESETSTAT");
    op.accept(cache);
    String info = admin.command("INFO", "commandstats");
    Map<String, Long> calls = new LinkedHashMap<>();
    for (String line : info.split("\r?\n", -1)) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      long n = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
      if (n > 0 && !name.startsWith("config") && !name.equals("info") && !name.equals("ping")) {
        calls.put(name, n); // ping: Redisson's keep-alive may land at any time
      }
    }
    return calls;
  }

  /** Script-internal commands Redis also counts: everything but EVALSHA is sent from inside it. */
  private static long clientCommands(Map<String, Long> calls) {
    return calls.getOrDefault("evalsha", 0L)
        + calls.getOrDefault("eval", 0L)
        + calls.getOrDefault("multi", 0L)
        + calls.getOrDefault("exec", 0L);
  }

  private void assertRoundTrips(
      Cache<String, String> cache, long expected, String what, Consumer<Cache<String, String>> op) {
    Map<String, Long> calls = commandsDuring(cache, op);
    assertEquals(expected, calls.getOrDefault("evalsha", 0L), what + " sent " + calls);
    assertEquals(expected, clientCommands(calls), what + " sent " + calls);
  }

  private static Cache<String, String> cache(CacheManager manager) {
    Cache<String, String> existing = manager.getCache("rt", String.class, String.class);
    if (existing != null) {
      return existing;
    }
    return manager.createCache(
        "rt", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void withoutTheNearTierEverySingleKeyOperationIsOneScriptCall() {
    Cache<String, String> c = cache(nearOff);
    assertRoundTrips(c, 1, "get (hit)", x -> x.get("present"));
    assertRoundTrips(c, 1, "get (miss)", x -> x.get("absent"));
    assertRoundTrips(c, 1, "containsKey", x -> x.containsKey("present"));
    assertRoundTrips(c, 1, "put", x -> x.put("k", "v"));
    assertRoundTrips(c, 1, "putIfAbsent", x -> x.putIfAbsent("k2", "v"));
    assertRoundTrips(c, 1, "getAndPut", x -> x.getAndPut("k", "w"));
    assertRoundTrips(c, 1, "remove", x -> x.remove("k"));
    assertRoundTrips(c, 1, "remove(k, v)", x -> x.remove("present", "v"));
    assertRoundTrips(c, 1, "getAndRemove", x -> x.getAndRemove("present"));
    assertRoundTrips(c, 1, "replace(k, v)", x -> x.replace("present", "x"));
    assertRoundTrips(c, 1, "replace(k, old, new)", x -> x.replace("present", "v", "y"));
    assertRoundTrips(c, 1, "getAndReplace", x -> x.getAndReplace("present", "z"));
  }

  @Test
  void withTheNearTierHitsCostNothingAndMissesAndWritesOneScriptCall() {
    Cache<String, String> c = cache(nearOn);
    assertRoundTrips(c, 0, "get (near hit after own write)", x -> x.get("present"));
    assertRoundTrips(c, 0, "containsKey (near hit)", x -> x.containsKey("present"));
    assertRoundTrips(c, 1, "get (miss)", x -> x.get("absent"));
    assertRoundTrips(c, 1, "put", x -> x.put("k", "v"));
    assertRoundTrips(c, 1, "putIfAbsent", x -> x.putIfAbsent("k2", "v"));
    assertRoundTrips(c, 1, "getAndPut", x -> x.getAndPut("k", "w"));
    assertRoundTrips(c, 1, "remove", x -> x.remove("k"));
    assertRoundTrips(c, 1, "replace(k, v)", x -> x.replace("present", "x"));
    assertRoundTrips(c, 1, "getAndRemove", x -> x.getAndRemove("present"));
  }

  private static Map<String, String> hundred(String prefix) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      map.put(prefix + i, "v" + i);
    }
    return map;
  }

  /**
   * On one server a bulk call of 100 keys, spread over all 16 segments, is one script call (not one
   * per segment); with the near tier on, keys a getAll read are then served locally.
   */
  @Test
  void bulkCallsOfAHundredKeysAreOneScriptCall() {
    for (CacheManager manager : new CacheManager[] {nearOff, nearOn}) {
      Cache<String, String> c = cache(manager);
      String node = manager == nearOn ? " (near on)" : " (near off)";
      Map<String, String> written = hundred("bulk");
      assertRoundTrips(c, 1, "putAll(100)" + node, x -> x.putAll(written));
      Map<String, String> other = hundred("other");
      cache(nearOff).putAll(other); // not held by nearOn
      assertRoundTrips(
          c, 1, "getAll(100)" + node, x -> assertEquals(other, x.getAll(other.keySet())));
      assertRoundTrips(
          c,
          1,
          "getAll(100 absent)" + node,
          x -> assertEquals(0, x.getAll(hundred("none").keySet()).size()));
    }
    Cache<String, String> on = cache(nearOn);
    Map<String, String> other = hundred("other");
    assertRoundTrips(
        on,
        0,
        "getAll(100) after getAll installed them (near on)",
        x -> assertEquals(other, x.getAll(other.keySet())));
  }
}
