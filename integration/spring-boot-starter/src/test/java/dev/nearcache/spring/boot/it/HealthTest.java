package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.books.BookApplication;
import dev.nearcache.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The actuator's nearcache health indicator, on the Boot line under test: up while Redis answers,
 * down while it does not, and per cache whether the near tier is on and how many segments it
 * serves.
 */
@Timeout(120)
class HealthTest {

  @Test
  void upWhileRedisAnswersDownWhileItDoesNotWithTheCachesNearTiers() throws Exception {
    try (RedisServer redis = RedisServer.start();
        ConfigurableApplicationContext app =
            Apps.runOn(
                redis.uri(),
                BookApplication.class,
                "--spring.cache.jcache.config=classpath:config/other.yaml",
                "--spring.cache.cache-names=books,authors",
                "--nearcache.redis.timeout=500ms")) {
      Health up = Health.of(app);
      assertEquals("UP", up.status, up.details.toString());
      assertEquals("reachable", up.details.get("redis"));
      assertEquals("enabled", up.cache("books").get("near-cache"));
      // Every segment serves once its subscription and first reconciliation are confirmed.
      long serving = System.nanoTime() + 20_000_000_000L;
      while (!allServing(up.cache("books")) && System.nanoTime() < serving) {
        Thread.sleep(20);
        up = Health.of(app);
      }
      assertTrue(allServing(up.cache("books")), "segments-serving: " + up.cache("books"));
      assertEquals(Map.of("near-cache", "disabled"), up.cache("authors"));

      redis.stop();
      Health down = Health.of(app);
      assertEquals("DOWN", down.status, down.details.toString());
      assertEquals("unreachable", down.details.get("redis"));

      redis.startAgain();
      long deadline = System.nanoTime() + 20_000_000_000L;
      Health again = Health.of(app);
      while (!"UP".equals(again.status) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        again = Health.of(app);
      }
      assertEquals("UP", again.status, again.details.toString());
    }
  }

  /**
   * {@code segments-serving} reads {@code n/n}: every segment of the cache serves from its near
   * tier.
   */
  private static boolean allServing(Map<String, Object> cache) {
    String[] parts = String.valueOf(cache.get("segments-serving")).split("/", -1);
    return parts.length == 2 && parts[0].equals(parts[1]) && Integer.parseInt(parts[1]) > 0;
  }

  @Test
  void theIndicatorCanBeSwitchedOff() {
    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--management.health.nearcache.enabled=false",
            "--spring.cache.cache-names=books")) {
      assertFalse(app.containsBean("nearcacheHealthIndicator"));
    }
  }
}
