package dev.nearcache.jcache.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "2s, 2000",
    "10m, 600000",
    "1h, 3600000",
    "1d, 86400000",
    "250, 250",
    "0, 0",
    "' 3 s ', 3000",
    "PT10M, 600000",
    "pt1.5s, 1500",
    "P1D, 86400000"
  })
  void parses(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "10x", "-5s", "1.5s", "ten", "PT-1S", "s", "99999999999999999999", "P"})
  void rejects(String text) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0ms",
    "500, 500ms",
    "2000, 2s",
    "600000, 10m",
    "7200000, 2h",
    "172800000, 2d",
    "1500, 1500ms"
  })
  void formats(long millis, String text) {
    assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
  }

  @org.junit.jupiter.api.Test
  void formatsSubMillisecondAsIso() {
    assertEquals("PT0.0000015S", Durations.format(Duration.ofNanos(1500)));
  }
}
