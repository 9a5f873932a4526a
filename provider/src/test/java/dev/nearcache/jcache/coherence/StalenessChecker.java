package dev.nearcache.jcache.coherence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks reads against acknowledged writes. A read of key k that returned counter c and started at
 * time t is <em>outdated</em> when some put of k with a counter above c was acknowledged before t;
 * its staleness is t minus the earliest such acknowledgment (each key has one writer, so counters
 * and acknowledgments rise together and that is the acknowledgment of the next acknowledged
 * counter). An outdated read is a <em>violation</em> of a bound when its staleness exceeds it.
 * Reads that returned nothing are counted, never violations (a restart may lose data).
 */
final class StalenessChecker {
  /** One read that broke a bound, with the write it missed. */
  record Violation(
      int node,
      int key,
      long readCounter,
      long readStartMicros,
      long newerCounter,
      long newerAckMicros) {
    long stalenessMicros() {
      return readStartMicros - newerAckMicros;
    }

    @Override
    public String toString() {
      return "node "
          + node
          + " read key "
          + key
          + " = "
          + readCounter
          + " at "
          + readStartMicros
          + "us, but "
          + newerCounter
          + " was acknowledged at "
          + newerAckMicros
          + "us: stale for "
          + String.format("%.1f", stalenessMicros() / 1000.0)
          + " ms";
    }
  }

  /** The verdict for all reads against each bound. */
  static final class Result {
    long writes;
    long reads;
    long valueReads;
    long nullReads;
    long outdatedReads;
    long maxStalenessMicros;
    final long[] boundsMicros;
    final long[] violations;
    final List<List<Violation>> examples = new ArrayList<>();

    /**
     * Writes whose acknowledgment went backwards against a smaller counter of the same key (clock
     * or bookkeeping trouble).
     */
    long nonMonotonicAcks;

    Result(long[] boundsMicros) {
      this.boundsMicros = boundsMicros;
      this.violations = new long[boundsMicros.length];
      for (int i = 0; i < boundsMicros.length; i++) {
        examples.add(new ArrayList<>());
      }
    }
  }

  private static final int EXAMPLES = 10;

  private StalenessChecker() {}

  static Result check(int keys, List<EventBuffer> buffers, long... boundsMicros) {
    Result result = new Result(boundsMicros);
    // Acknowledged writes per key, in counter order.
    int[] count = new int[keys];
    for (EventBuffer b : buffers) {
      if (b.writes) {
        for (int i = 0; i < b.size(); i++) {
          count[b.key(i)]++;
        }
      }
    }
    long[][] counters = new long[keys][];
    long[][] acks = new long[keys][];
    for (int k = 0; k < keys; k++) {
      counters[k] = new long[count[k]];
      acks[k] = new long[count[k]];
    }
    int[] fill = new int[keys];
    for (EventBuffer b : buffers) {
      if (b.writes) {
        for (int i = 0; i < b.size(); i++) {
          int k = b.key(i);
          counters[k][fill[k]] = b.counter(i);
          acks[k][fill[k]] = b.micros(i);
          fill[k]++;
        }
      }
    }
    for (int k = 0; k < keys; k++) {
      result.writes += count[k];
      // One writer per key records in order already; sort defensively (pairs by counter).
      sortPairs(counters[k], acks[k]);
      for (int i = 1; i < count[k]; i++) {
        if (acks[k][i] < acks[k][i - 1]) {
          result.nonMonotonicAcks++;
        }
      }
    }
    for (EventBuffer b : buffers) {
      if (b.writes) {
        continue;
      }
      for (int i = 0; i < b.size(); i++) {
        result.reads++;
        long c = b.counter(i);
        if (c == EventBuffer.NULL) {
          result.nullReads++;
          continue;
        }
        result.valueReads++;
        int k = b.key(i);
        long[] cs = counters[k];
        int idx = firstAbove(cs, c);
        if (idx >= cs.length) {
          continue;
        }
        long start = b.micros(i);
        long ack = acks[k][idx];
        if (ack >= start) {
          continue;
        }
        long staleness = start - ack;
        result.outdatedReads++;
        result.maxStalenessMicros = Math.max(result.maxStalenessMicros, staleness);
        for (int j = 0; j < boundsMicros.length; j++) {
          if (staleness > boundsMicros[j]) {
            result.violations[j]++;
            if (result.examples.get(j).size() < EXAMPLES) {
              result.examples.get(j).add(new Violation(b.node, k, c, start, cs[idx], ack));
            }
          }
        }
      }
    }
    return result;
  }

  /** Index of the first counter above {@code c} in the ascending array, or its length. */
  private static int firstAbove(long[] sorted, long c) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= c) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void sortPairs(long[] keys, long[] values) {
    boolean sorted = true;
    for (int i = 1; i < keys.length && sorted; i++) {
      sorted = keys[i - 1] < keys[i];
    }
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[keys.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
    long[] k2 = new long[keys.length];
    long[] v2 = new long[keys.length];
    for (int i = 0; i < order.length; i++) {
      k2[i] = keys[order[i]];
      v2[i] = values[order[i]];
    }
    System.arraycopy(k2, 0, keys, 0, keys.length);
    System.arraycopy(v2, 0, values, 0, values.length);
  }
}
