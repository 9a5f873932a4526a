package dev.nearcache.near;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one cache's near tier did: where reads were answered, what the change feed brought, what was
 * lost and cleared, and how long invalidations took to arrive. Read-only, bar the switch for read
 * counting: the tier counts through its {@link Recorder}, which these metrics do not hand out.
 */
public final class NearCacheMetrics {
  /** The counters; only the near tier that holds the recorder counts into them. */
  private final Recorder recorder;

  private NearCacheMetrics(Recorder recorder) {
    this.recorder = recorder;
  }

  /** Turns the read counters on or off (the counts so far are kept). */
  public void recordReads(boolean on) {
    recorder.recordReads = on;
  }

  /** Whether the read counters are being kept. */
  public boolean recordsReads() {
    return recorder.recordReads;
  }

  /**
   * Times every segment stopped serving because synchronisation with Redis could not be confirmed
   * (a reconciliation failed or timed out). Leases that simply ran out are not counted here.
   */
  public long leaseExpiries() {
    return recorder.leaseExpiries.sum();
  }

  /** Reads answered by the near tier (counted while {@link #recordsReads()}). */
  public long nearHits() {
    return recorder.nearHits.sum();
  }

  /**
   * Reads the near tier could not answer (they went to Redis; counted while {@link
   * #recordsReads()}).
   */
  public long nearMisses() {
    return recorder.nearMisses.sum();
  }

  /** Remote reads that found the entry in Redis (counted while {@link #recordsReads()}). */
  public long redisHits() {
    return recorder.redisHits.sum();
  }

  /** Remote reads that did not find the entry in Redis (counted while {@link #recordsReads()}). */
  public long redisMisses() {
    return recorder.redisMisses.sum();
  }

  /** Change messages received for this cache. */
  public long invalidationsReceived() {
    return recorder.invalidations.sum();
  }

  /**
   * Entries replaced by the value a change message carried (another node's write of a small value),
   * where a plain invalidation would have dropped them.
   */
  public long valuesReplaced() {
    return recorder.valuesReplaced.sum();
  }

  /** Sequence gaps detected (each one clears a segment). */
  public long gapsDetected() {
    return recorder.gaps.sum();
  }

  /** Fetched or written values not installed because a newer change arrived first. */
  public long populationRacesLost() {
    return recorder.racesLost.sum();
  }

  /**
   * Misses that joined another thread's remote read of the same key instead of sending their own.
   */
  public long singleFlightJoins() {
    return recorder.singleFlightJoins.sum();
  }

  public long clears(ClearCause cause) {
    return recorder.clears.get(cause).sum();
  }

  public Map<ClearCause, Long> clearsByCause() {
    Map<ClearCause, Long> out = new EnumMap<>(ClearCause.class);
    recorder.clears.forEach((cause, n) -> out.put(cause, n.sum()));
    return out;
  }

  /**
   * Delay from a write's execution in Redis (the writer's acknowledgment follows it within its
   * round trip) to this node removing the stale copy, in microseconds. Uses the Redis server's
   * clock against this JVM's, so it is exact only where both share a clock (one machine).
   */
  public LatencyHistogram invalidationDelayMicros() {
    return recorder.invalidationDelayMicros;
  }

  @Override
  public String toString() {
    return "NearCacheMetrics[nearHits="
        + nearHits()
        + ", nearMisses="
        + nearMisses()
        + ", redisHits="
        + redisHits()
        + ", redisMisses="
        + redisMisses()
        + ", invalidations="
        + invalidationsReceived()
        + ", valuesReplaced="
        + valuesReplaced()
        + ", gaps="
        + gapsDetected()
        + ", racesLost="
        + populationRacesLost()
        + ", clears="
        + clearsByCause()
        + ", invalidationDelayP50us="
        + recorder.invalidationDelayMicros.percentile(50)
        + ", p99us="
        + recorder.invalidationDelayMicros.percentile(99)
        + "]";
  }

  /**
   * The counting side of one near tier's metrics. The tier creates it, keeps it and hands out only
   * {@link #metrics()}; the metrics never give their recorder away, so what an application reads it
   * cannot count into. A recorder made with {@code new} counts into metrics of its own, nobody
   * else's. For the near tier's use; applications only read.
   *
   * <p>The counters live here, so a count costs the tier what it did when they were fields of the
   * metrics: one read of its final field, the volatile switch for reads, the adder. The methods are
   * a few bytes each, inlined on the hit path.
   */
  public static final class Recorder {
    private final LongAdder nearHits = new LongAdder();
    private final LongAdder nearMisses = new LongAdder();
    private final LongAdder redisHits = new LongAdder();
    private final LongAdder redisMisses = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder racesLost = new LongAdder();
    private final LongAdder valuesReplaced = new LongAdder();
    private final LongAdder singleFlightJoins = new LongAdder();
    private final LongAdder leaseExpiries = new LongAdder();
    private final Map<ClearCause, LongAdder> clears = new EnumMap<>(ClearCause.class);
    private final LatencyHistogram invalidationDelayMicros = new LatencyHistogram();

    /**
     * Whether reads are counted (near hits and misses, Redis hits and misses). Off, a near hit
     * costs no atomic increment, which is a noticeable part of so short an operation
     * (BENCHMARKS.md, findings 8). The provider ties it to the cache's counting switch (JCache
     * statistics on, or a meter binder counting); the change-feed counters are always kept.
     */
    private volatile boolean recordReads = true;

    private final NearCacheMetrics metrics = new NearCacheMetrics(this);

    /** A recorder and the metrics it counts into, every count 0, reads counted. */
    public Recorder() {
      for (ClearCause cause : ClearCause.values()) {
        clears.put(cause, new LongAdder());
      }
    }

    /** The metrics this recorder counts into: the view to hand out. */
    public NearCacheMetrics metrics() {
      return metrics;
    }

    /**
     * A read the near tier answered (counted while the metrics {@linkplain
     * NearCacheMetrics#recordsReads record reads}).
     */
    public void nearHit() {
      if (recordReads) {
        nearHits.increment();
      }
    }

    /** A read the near tier could not answer (counted while reads are recorded). */
    public void nearMiss() {
      if (recordReads) {
        nearMisses.increment();
      }
    }

    /** A remote read's outcome (counted while reads are recorded). */
    public void remoteRead(boolean found) {
      if (recordReads) {
        (found ? redisHits : redisMisses).increment();
      }
    }

    /** A change message handled. */
    public void invalidation() {
      invalidations.increment();
    }

    /** An entry replaced by the value a change message carried. */
    public void valueReplaced() {
      valuesReplaced.increment();
    }

    /** A sequence gap detected. */
    public void gap() {
      gaps.increment();
    }

    /** A fetched or written value not installed because a newer change arrived first. */
    public void raceLost() {
      racesLost.increment();
    }

    /** A miss that joined another thread's remote read. */
    public void singleFlightJoin() {
      singleFlightJoins.increment();
    }

    /** Every segment stopped serving because synchronisation with Redis could not be confirmed. */
    public void leaseExpiry() {
      leaseExpiries.increment();
    }

    /** A segment's entries dropped, and why. */
    public void clear(ClearCause cause) {
      clears.get(cause).increment();
    }

    /** How long an invalidation took to arrive, in microseconds. */
    public void invalidationDelay(long micros) {
      invalidationDelayMicros.record(micros);
    }
  }
}
