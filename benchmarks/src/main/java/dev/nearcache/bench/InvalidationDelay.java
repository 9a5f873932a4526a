package dev.nearcache.bench;

import dev.nearcache.near.LatencyHistogram;
import dev.nearcache.near.NearCacheMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.redisson.api.RLocalCachedMap;

/**
 * Invalidation delay between two nodes: node B holds a key in its local tier, node A overwrites it;
 * the clock runs from A's write returning (acknowledged) until B has dropped its copy ("dropped":
 * our change message processed / Redisson's entry gone from its local map) or until B's read
 * returns the new value ("visible": dropped plus B's re-read from Redis). One sample at a time,
 * with a pause between samples; the key and its 1 KiB values alternate.
 */
public final class InvalidationDelay {

  /** Percentiles of one series, in microseconds. */
  public record Series(
      String peer,
      String what,
      int samples,
      double p50Micros,
      double p99Micros,
      double maxMicros,
      double writeP50Micros)
      implements java.io.Serializable {}

  /** All series, plus our own histogram (Redis server clock at the write -> removal at B). */
  public record Result(
      List<Series> series, long histogramSamples, long histogramP50Micros, long histogramP99Micros)
      implements java.io.Serializable {}

  private InvalidationDelay() {}

  public static Result measure(Peers.Settings settings, Dataset data, int warmup, int samples) {
    List<Series> out = new ArrayList<>();
    long histCount;
    long histP50;
    long histP99;
    String key = "inv-key";
    // ---- ours
    Peers.JCacheNode a = (Peers.JCacheNode) Peers.ours(settings, 31, true, "bench-inv");
    Peers.JCacheNode b = (Peers.JCacheNode) Peers.ours(settings, 32, true, "bench-inv");
    try {
      NearCacheMetrics bm = b.ours().nearCacheMetrics();
      waitUntilServedLocally(a, b, bm, key, data.value(0));
      Holder current = new Holder(data.value(0));
      java.util.function.LongSupplier processed = bm::invalidationsReceived;
      run(a, b, key, data, warmup, current, Probe.POLL_COUNTER, processed, null);
      // While a sleeping poller watches, B's own histogram records too (nobody spins beside it).
      LatencyHistogram hist = bm.invalidationDelayMicros();
      hist.reset();
      Raw parked = run(a, b, key, data, samples, current, Probe.PARK_COUNTER, processed, null);
      histCount = hist.count();
      histP50 = hist.percentile(50);
      histP99 = hist.percentile(99);
      out.add(
          new Series(
              Peer.NEAR_ON.label(),
              "dropped, B's own histogram (from the write executing in Redis)",
              (int) histCount,
              histP50,
              histP99,
              Double.NaN,
              parked.named("", "").writeP50Micros()));
      out.add(parked.named(Peer.NEAR_ON.label(), "dropped, sleeping poller"));
      out.add(
          run(a, b, key, data, samples, current, Probe.POLL_COUNTER, processed, null)
              .named(Peer.NEAR_ON.label(), "dropped, spinning poller"));
      out.add(
          run(a, b, key, data, samples, current, Probe.POLL_GET, null, null)
              .named(Peer.NEAR_ON.label(), "visible, spinning poller"));
    } finally {
      a.close();
      b.close();
    }
    // ---- Redisson's RLocalCachedMap
    Peers.LocalCachedMapNode ra = Peers.localCachedMap(settings, "bench-inv-rlcm");
    Peers.LocalCachedMapNode rb = Peers.localCachedMap(settings, "bench-inv-rlcm");
    try {
      RLocalCachedMap<String, String> bMap = rb.map();
      ra.put(key, data.value(0));
      Holder current = new Holder(data.value(0));
      run(ra, rb, key, data, warmup, current, Probe.POLL_LOCAL_MAP, null, bMap);
      out.add(
          run(ra, rb, key, data, samples, current, Probe.PARK_LOCAL_MAP, null, bMap)
              .named(Peer.REDISSON_LOCAL_CACHED_MAP.label(), "dropped, sleeping poller"));
      out.add(
          run(ra, rb, key, data, samples, current, Probe.POLL_LOCAL_MAP, null, bMap)
              .named(Peer.REDISSON_LOCAL_CACHED_MAP.label(), "dropped, spinning poller"));
      out.add(
          run(ra, rb, key, data, samples, current, Probe.POLL_GET, null, null)
              .named(Peer.REDISSON_LOCAL_CACHED_MAP.label(), "visible, spinning poller"));
    } finally {
      ra.close();
      rb.close();
    }
    return new Result(out, histCount, histP50, histP99);
  }

  /** How a sample decides that B has caught up. */
  private enum Probe {
    /** Spin (yielding) until B's processed-messages counter moves. */
    POLL_COUNTER,
    /**
     * Check B's counter every 20 µs of sleep (about every 60 µs in practice): no busy thread beside
     * B.
     */
    PARK_COUNTER,
    /** Spin (yielding) until B's local map no longer holds the old value. */
    POLL_LOCAL_MAP,
    /** Check B's local map every 20 µs of sleep. */
    PARK_LOCAL_MAP,
    /** Spin (yielding) until B's get returns the new value. */
    POLL_GET
  }

  private static final class Holder {
    String value;
    int variant;

    Holder(String value) {
      this.value = value;
    }
  }

  @SuppressWarnings("ArrayRecordComponent") // a holder for two arrays, never compared or hashed
  private record Raw(long[] delays, long[] writes) {
    Series named(String peer, String what) {
      long[] d = delays.clone();
      long[] w = writes.clone();
      Arrays.sort(d);
      Arrays.sort(w);
      return new Series(
          peer,
          what,
          d.length,
          micros(percentile(d, 50)),
          micros(percentile(d, 99)),
          micros(d.length == 0 ? 0 : d[d.length - 1]),
          micros(percentile(w, 50)));
    }
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(sorted.length * p / 100.0);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

  @SuppressWarnings("ThreadPriorityCheck") // yielding is the point: see below
  private static Raw run(
      Node a,
      Node b,
      String key,
      Dataset data,
      int samples,
      Holder current,
      Probe probe,
      java.util.function.LongSupplier counter,
      RLocalCachedMap<String, String> localMap) {
    long[] delays = new long[samples];
    long[] writes = new long[samples];
    long deadline = System.nanoTime() + 120_000_000_000L;
    for (int s = 0; s < samples; s++) {
      String old = current.value;
      // B holds the current value locally: read it until three reads in a row return it.
      for (int i = 0; i < 3; i++) {
        if (!Objects.equals(b.get(key), old)) {
          i = -1;
          LockSupport.parkNanos(50_000);
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("node B never saw " + key + "'s current value");
          }
        }
      }
      current.variant++;
      String next = data.value(current.variant);
      BooleanSupplier done =
          switch (probe) {
            case POLL_COUNTER, PARK_COUNTER -> {
              long before = counter.getAsLong();
              yield () -> counter.getAsLong() != before;
            }
            case POLL_LOCAL_MAP, PARK_LOCAL_MAP ->
                () -> !old.equals(localMap.getCachedMap().get(key));
            case POLL_GET -> () -> next.equals(b.get(key));
          };
      long t0 = System.nanoTime();
      a.put(key, next);
      long t1 = System.nanoTime();
      while (!done.getAsBoolean()) {
        if (probe == Probe.PARK_COUNTER || probe == Probe.PARK_LOCAL_MAP) {
          LockSupport.parkNanos(20_000);
        } else {
          Thread.yield(); // 2 cores: leave room for the clients' I/O threads and Redis
        }
        if (System.nanoTime() - t1 > 5_000_000_000L) {
          throw new IllegalStateException("node B did not see the write within 5 s");
        }
      }
      long t2 = System.nanoTime();
      delays[s] = t2 - t1;
      writes[s] = t1 - t0;
      current.value = next;
      LockSupport.parkNanos(200_000);
    }
    return new Raw(delays, writes);
  }

  /** Waits until B's near tier serves the key (its segment subscribed and baselined). */
  private static void waitUntilServedLocally(
      Node a, Node b, NearCacheMetrics bm, String key, String value) {
    a.put(key, value);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      b.get(key);
      long hits = bm.nearHits();
      b.get(key);
      if (bm.nearHits() > hits) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node B's near tier never served " + key);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }
}
