package dev.nearcache.jcache.coherence;

import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A copy of one node's near-tier counters at one moment, printable and parseable (child processes
 * send it).
 */
record NearSnapshot(
    long nearHits,
    long nearMisses,
    long invalidations,
    long gaps,
    long racesLost,
    Map<ClearCause, Long> clears,
    long delayP50Micros,
    long delayP99Micros) {

  static NearSnapshot of(NearCacheMetrics m) {
    return new NearSnapshot(
        m.nearHits(),
        m.nearMisses(),
        m.invalidationsReceived(),
        m.gapsDetected(),
        m.populationRacesLost(),
        m.clearsByCause(),
        m.invalidationDelayMicros().percentile(50),
        m.invalidationDelayMicros().percentile(99));
  }

  long clears(ClearCause cause) {
    return clears.getOrDefault(cause, 0L);
  }

  /** Counters of this snapshot minus an earlier one (percentiles are this snapshot's). */
  NearSnapshot minus(NearSnapshot earlier) {
    Map<ClearCause, Long> c = new EnumMap<>(ClearCause.class);
    for (ClearCause cause : ClearCause.values()) {
      c.put(cause, clears(cause) - earlier.clears(cause));
    }
    return new NearSnapshot(
        nearHits - earlier.nearHits,
        nearMisses - earlier.nearMisses,
        invalidations - earlier.invalidations,
        gaps - earlier.gaps,
        racesLost - earlier.racesLost,
        c,
        delayP50Micros,
        delayP99Micros);
  }

  /** {@code name=value} words, for a child's report line. */
  String encode() {
    StringJoiner j = new StringJoiner(" ");
    j.add("nearHits=" + nearHits)
        .add("nearMisses=" + nearMisses)
        .add("invalidations=" + invalidations)
        .add("gaps=" + gaps)
        .add("racesLost=" + racesLost)
        .add("p50=" + delayP50Micros)
        .add("p99=" + delayP99Micros);
    for (ClearCause cause : ClearCause.values()) {
      j.add("clear." + cause + "=" + clears(cause));
    }
    return j.toString();
  }

  static NearSnapshot decode(Map<String, String> words) {
    Map<ClearCause, Long> c = new EnumMap<>(ClearCause.class);
    for (ClearCause cause : ClearCause.values()) {
      c.put(cause, Long.parseLong(words.getOrDefault("clear." + cause, "0")));
    }
    return new NearSnapshot(
        num(words, "nearHits"),
        num(words, "nearMisses"),
        num(words, "invalidations"),
        num(words, "gaps"),
        num(words, "racesLost"),
        c,
        num(words, "p50"),
        num(words, "p99"));
  }

  private static long num(Map<String, String> words, String name) {
    return Long.parseLong(words.getOrDefault(name, "0"));
  }

  /** The short form for the report: hits, gaps, non-zero clears by cause, delay percentiles. */
  String summary() {
    StringJoiner clearText = new StringJoiner(",", "{", "}");
    for (ClearCause cause : ClearCause.values()) {
      long n = clears(cause);
      if (n != 0) {
        clearText.add(cause + "=" + n);
      }
    }
    return "nearHits="
        + nearHits
        + " misses="
        + nearMisses
        + " gaps="
        + gaps
        + " clears="
        + clearText
        + " invDelay p50/p99="
        + fmtMicros(delayP50Micros)
        + "/"
        + fmtMicros(delayP99Micros);
  }

  private static String fmtMicros(long micros) {
    return micros >= 10_000 ? (micros / 1000) + "ms" : micros + "us";
  }
}
