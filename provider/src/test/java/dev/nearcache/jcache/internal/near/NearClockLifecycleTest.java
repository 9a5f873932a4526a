package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.near.internal.NearClock;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A manager holds the near tiers' clock ticking from its first near tier until it closes, once
 * however many near caches it has; a manager without near tiers does not hold it. (Counted in
 * holders, not by whether the thread runs: another test's manager may hold it too.)
 */
class NearClockLifecycleTest {
  static CacheManager manager(RedisServer server, String name, boolean near) {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    p.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:clock-" + name), NearClockLifecycleTest.class.getClassLoader(), p);
  }

  static MutableConfiguration<String, String> config() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Test
  void aManagerHoldsTheClockFromItsFirstNearTierUntilItCloses() {
    try (RedisServer server = RedisServer.start()) {
      int before = NearClock.tickingHolders();
      CacheManager near = manager(server, "near", true);
      CacheManager far = manager(server, "far", false);
      try {
        assertEquals(before, NearClock.tickingHolders(), "connected, no near tier yet");
        far.createCache("far", config());
        assertEquals(before, NearClock.tickingHolders(), "no near tier, no claim");
        near.createCache("one", config());
        assertEquals(before + 1, NearClock.tickingHolders(), "the first near tier starts it");
        assertTrue(NearClock.isTicking());
        near.createCache("two", config());
        assertEquals(
            before + 1, NearClock.tickingHolders(), "one claim per manager, not per cache");
      } finally {
        near.close();
        far.close();
      }
      assertEquals(before, NearClock.tickingHolders(), "closing the manager lets go");
      near.close();
      assertEquals(before, NearClock.tickingHolders(), "closing twice lets go once");
    }
  }
}
