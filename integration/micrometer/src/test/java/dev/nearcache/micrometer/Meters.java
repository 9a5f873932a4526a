package dev.nearcache.micrometer;

import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Reading meters in tests. */
final class Meters {
  private Meters() {}

  /** A function counter's count, found by name, the cache tag and further tag pairs. */
  static double count(MeterRegistry registry, String name, String cache, String... tags) {
    return registry.get(name).tag("cache", cache).tags(tags).functionCounter().count();
  }

  /** A gauge's value, found as {@link #count} finds a counter. */
  static double gauge(MeterRegistry registry, String name, String cache, String... tags) {
    return registry.get(name).tag("cache", cache).tags(tags).gauge().value();
  }

  /** The meters of one cache, by name. */
  static List<Meter> of(MeterRegistry registry, String cache) {
    return registry.getMeters().stream()
        .filter(m -> cache.equals(m.getId().getTag("cache")))
        .collect(Collectors.toList());
  }

  /** Each meter as "name{tags}: type", sorted: what two registries are compared by. */
  static Map<String, String> describe(List<Meter> meters) {
    Map<String, String> out = new TreeMap<>();
    for (Meter m : meters) {
      out.put(
          m.getId().getName() + m.getId().getTags(),
          m.getId().getType() + ": " + m.getId().getDescription());
    }
    return out;
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + what);
      }
    }
  }
}
