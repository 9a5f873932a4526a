package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.List;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RedisCacheManager#serverTimeMillis()} is Redis's clock, not this JVM's: it lies between
 * two reads of the server's {@code TIME} around it, before any cache exists, and with and without
 * traffic.
 */
@Timeout(60)
class ServerTimeTest {

  @Test
  void isTheServersClockAsEstimatedFromReplies() throws Exception {
    try (RedisFixture redis = new RedisFixture();
        RespClient admin = redis.server().client()) {
      RedisCacheManager manager =
          (RedisCacheManager)
              new NearCachingProvider()
                  .getCacheManager(
                      URI.create("urn:server-time"),
                      getClass().getClassLoader(),
                      redis.properties());
      try {
        javax.cache.Cache<String, String> writable =
            manager.createCache("server-time", new MutableConfiguration<String, String>());
        for (int round = 0; round < 50; round++) {
          if (round % 2 == 1) {
            writable.put("k" + round, "v");
          }
          long before = serverTime(admin);
          long estimate = manager.serverTimeMillis();
          long after = serverTime(admin);
          // Never ahead of the server beyond the 1 ms resolution of the samples (both clocks are
          // read in whole milliseconds); behind it by a reply's latency.
          assertTrue(
              estimate <= after + 1, "estimate " + estimate + " after the server's " + after);
          assertTrue(
              estimate >= before - 200,
              "estimate " + estimate + " far behind the server's " + before);
        }
      } finally {
        manager.close();
      }
    }
  }

  private static long serverTime(RespClient admin) {
    List<?> time = (List<?>) admin.call("TIME");
    return Long.parseLong(time.get(0).toString()) * 1000
        + Long.parseLong(time.get(1).toString()) / 1000;
  }
}
