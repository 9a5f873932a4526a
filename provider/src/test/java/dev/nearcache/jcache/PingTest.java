package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RedisCacheManager#ping()}: true while Redis answers, false (not an exception) while it is
 * down.
 */
@Timeout(60)
class PingTest {

  @Test
  void answersWhileRedisRunsAndNotWhileItIsDown() throws Exception {
    try (RedisFixture redis = new RedisFixture()) {
      Properties p = redis.properties();
      p.setProperty("redis.timeout", "500ms");
      RedisCacheManager manager =
          (RedisCacheManager)
              new NearCachingProvider()
                  .getCacheManager(URI.create("urn:ping"), getClass().getClassLoader(), p);
      try {
        assertTrue(manager.ping(), "Redis runs");

        redis.server().stop();
        long start = System.nanoTime();
        assertFalse(manager.ping(), "Redis is down");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(
            tookMillis < 5_000,
            "a down server is reported within about the timeout, took " + tookMillis + " ms");

        redis.server().startAgain();
        long deadline = System.nanoTime() + 20_000_000_000L;
        boolean back = false;
        while (!back && System.nanoTime() < deadline) {
          back = manager.ping();
          if (!back) {
            Thread.sleep(100);
          }
        }
        assertTrue(back, "Redis answers again after a restart");
      } finally {
        manager.close();
      }
      assertThrows(IllegalStateException.class, manager::ping, "a closed manager");
    }
  }
}
