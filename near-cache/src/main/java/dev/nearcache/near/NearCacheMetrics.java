package dev.nearcache.near;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one cache's near tier did: where reads were answered, what the change feed brought, what
 * was lost and cleared, and how long invalidations took to arrive.
 */
public final class NearCacheMetrics {
  final LongAdder nearHits = new LongAdder();
  final LongAdder nearMisses = new LongAdder();
  final LongAdder redisHits = new LongAdder();
  final LongAdder redisMisses = new LongAdder();
  final LongAdder invalidations = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder racesLost = new LongAdder();
  final LongAdder valuesReplaced = new LongAdder();
  final LongAdder singleFlightJoins = new LongAdder();
  final LongAdder leaseExpiries = new LongAdder();
  private final Map<ClearCause, LongAdder> clears = new EnumMap<>(ClearCause.class);
  final LatencyHistogram invalidationDelayMicros = new LatencyHistogram();
  /**
   * Whether reads are counted (near hits and misses, Redis hits and misses). Off, a near hit
   * costs no atomic increment, which is a noticeable part of so short an operation (BENCHMARKS.md,
   * findings 8). The provider ties it to the cache's JCache statistics switch; the change-feed
   * counters below are always kept.
   */
  volatile boolean recordReads = true;

  public NearCacheMetrics() {
    for (ClearCause cause : ClearCause.values()) {
      clears.put(cause, new LongAdder());
    }
  }

  /** Turns the read counters on or off (the counts so far are kept). */
  public void recordReads(boolean on) {
    recordReads = on;
  }

  /** Whether the read counters are being kept. */
  public boolean recordsReads() {
    return recordReads;
  }

  /**
   * Times every segment stopped serving because synchronisation with Redis could not be confirmed
   * (a reconciliation failed or timed out). Leases that simply ran out are not counted here.
   */
  public long leaseExpiries() {
    return leaseExpiries.sum();
  }

  /** Reads answered by the near tier (counted while {@link #recordsReads()}). */
  public long nearHits() {
    return nearHits.sum();
  }

  /** Reads the near tier could not answer (they went to Redis; counted while {@link #recordsReads()}). */
  public long nearMisses() {
    return nearMisses.sum();
  }

  /** Remote reads that found the entry in Redis (counted while {@link #recordsReads()}). */
  public long redisHits() {
    return redisHits.sum();
  }

  /** Remote reads that did not find the entry in Redis (counted while {@link #recordsReads()}). */
  public long redisMisses() {
    return redisMisses.sum();
  }

  /** Change messages received for this cache. */
  public long invalidationsReceived() {
    return invalidations.sum();
  }

  /**
   * Entries replaced by the value a change message carried (another node's write of a small
   * value), where a plain invalidation would have dropped them.
   */
  public long valuesReplaced() {
    return valuesReplaced.sum();
  }

  /** Sequence gaps detected (each one clears a segment). */
  public long gapsDetected() {
    return gaps.sum();
  }

  /** Fetched or written values not installed because a newer change arrived first. */
  public long populationRacesLost() {
    return racesLost.sum();
  }

  /** Misses that joined another thread's remote read of the same key instead of sending their own. */
  public long singleFlightJoins() {
    return singleFlightJoins.sum();
  }

  public long clears(ClearCause cause) {
    return clears.get(cause).sum();
  }

  public Map<ClearCause, Long> clearsByCause() {
    Map<ClearCause, Long> out = new EnumMap<>(ClearCause.class);
    clears.forEach((cause, n) -> out.put(cause, n.sum()));
    return out;
  }

  void recordClear(ClearCause cause) {
    clears.get(cause).increment();
  }

  /**
   * Delay from a write's execution in Redis (the writer's acknowledgment follows it within its
   * round trip) to this node removing the stale copy, in microseconds. Uses the Redis server's
   * clock against this JVM's, so it is exact only where both share a clock (one machine).
   */
  public LatencyHistogram invalidationDelayMicros() {
    return invalidationDelayMicros;
  }

  @Override
  public String toString() {
    return "NearCacheMetrics[nearHits=" + nearHits() + ", nearMisses=" + nearMisses()
        + ", redisHits=" + redisHits() + ", redisMisses=" + redisMisses()
        + ", invalidations=" + invalidationsReceived() + ", valuesReplaced=" + valuesReplaced()
        + ", gaps=" + gapsDetected()
        + ", racesLost=" + populationRacesLost() + ", clears=" + clearsByCause()
        + ", invalidationDelayP50us=" + invalidationDelayMicros.percentile(50)
        + ", p99us=" + invalidationDelayMicros.percentile(99) + "]";
  }
}
