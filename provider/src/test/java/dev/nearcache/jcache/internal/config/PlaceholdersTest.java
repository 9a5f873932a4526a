package dev.nearcache.jcache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.config.ConfigFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  private final Placeholders placeholders =
      new Placeholders(
          ConfigFixtures.env(
              Map.of("both", "from-property", "host", "redis.internal"),
              Map.of("both", "from-env", "REDIS_PW", "s3cret")));

  @Test
  void replacesFromSystemPropertiesThenEnvironment() {
    assertEquals("from-property", placeholders.resolve("${both}"));
    assertEquals("s3cret", placeholders.resolve("${REDIS_PW}"));
    assertEquals(
        "redis://redis.internal:6379", placeholders.resolve("redis://${host}:${PORT:6379}"));
  }

  @Test
  void usesDefaultsIncludingEmptyAndColons() {
    assertEquals("", placeholders.resolve("${MISSING:}"));
    assertEquals("redis://h:1", placeholders.resolve("${MISSING:redis://h:1}"));
  }

  @Test
  void leavesPlainTextAndEscapes() {
    assertEquals("no placeholders $ {x}", placeholders.resolve("no placeholders $ {x}"));
    assertEquals("literal ${x}", placeholders.resolve("literal $${x}"));
  }

  @Test
  void rejectsUndefinedAndUnclosed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> placeholders.resolve("${NOPE}"));
    assertTrue(e.getMessage().contains("NOPE"));
    assertThrows(IllegalArgumentException.class, () -> placeholders.resolve("${NOPE"));
    assertThrows(IllegalArgumentException.class, () -> placeholders.resolve("${:x}"));
  }
}
