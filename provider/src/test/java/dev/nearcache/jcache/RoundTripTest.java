package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.testing.RespClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts, from Redis's own INFO commandstats, what each single-key operation sends: exactly one
 * EVALSHA (one round trip), and no other command from the client.
 */
class RoundTripTest {
  static RedisFixture redis;
  static CacheManager node;
  static Cache<String, String> cache;
  static RespClient admin;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    node = redis.newNode("roundtrip");
    cache = node.createCache("rt", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    admin = redis.server().client();
  }

  @AfterAll
  static void stop() {
    node.close();
    redis.close();
  }

  /** Commands the client sent, by name, during {@code op}; commands run inside scripts excluded. */
  private Map<String, Long> commandsDuring(Consumer<Cache<String, String>> op) {
    cache.put("present", "v");
    admin.command("CONFIG", "RESETSTAT");
    op.accept(cache);
    String info = admin.command("INFO", "commandstats");
    Map<String, Long> calls = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      long n = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
      calls.put(name, n);
    }
    calls.remove("config");
    calls.remove("info");
    calls.remove("ping"); // Redisson's keep-alive may land at any time
    return calls;
  }

  private void assertOneRoundTrip(String what, Consumer<Cache<String, String>> op) {
    Map<String, Long> calls = commandsDuring(op);
    assertEquals(1L, calls.getOrDefault("evalsha", 0L), what + " sent " + calls);
    assertEquals(0L, calls.getOrDefault("eval", 0L), what + " sent " + calls);
  }

  @Test
  void everySingleKeyOperationIsOneScriptCall() {
    assertOneRoundTrip("get (hit)", c -> c.get("present"));
    assertOneRoundTrip("get (miss)", c -> c.get("absent"));
    assertOneRoundTrip("containsKey", c -> c.containsKey("present"));
    assertOneRoundTrip("put", c -> c.put("k", "v"));
    assertOneRoundTrip("putIfAbsent", c -> c.putIfAbsent("k2", "v"));
    assertOneRoundTrip("getAndPut", c -> c.getAndPut("k", "w"));
    assertOneRoundTrip("remove", c -> c.remove("k"));
    assertOneRoundTrip("remove(k, v)", c -> c.remove("present", "v"));
    assertOneRoundTrip("getAndRemove", c -> c.getAndRemove("present"));
    assertOneRoundTrip("replace(k, v)", c -> c.replace("present", "x"));
    assertOneRoundTrip("replace(k, old, new)", c -> c.replace("present", "v", "y"));
    assertOneRoundTrip("getAndReplace", c -> c.getAndReplace("present", "z"));
  }
}
