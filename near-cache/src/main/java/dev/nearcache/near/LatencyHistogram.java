package dev.nearcache.near;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in microseconds with log-linear buckets (16 sub-buckets per
 * power of two, so a percentile is within about 6% of the true value), from 0 to about 2^40 µs.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BUCKETS = (41 - SUB_BITS) * SUB + SUB;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  public void record(long micros) {
    counts.incrementAndGet(index(Math.max(0, micros)));
  }

  static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(v);
    int shift = magnitude - SUB_BITS;
    int sub = (int) (v >>> shift) & (SUB - 1);
    int index = (magnitude - SUB_BITS + 1) * SUB + sub;
    return Math.min(index, BUCKETS - 1);
  }

  /** The upper bound of a bucket, in microseconds. */
  static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int magnitude = index / SUB + SUB_BITS - 1;
    int sub = index % SUB;
    int shift = magnitude - SUB_BITS;
    return (((long) (SUB + sub + 1)) << shift) - 1;
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /** The value at a percentile (0-100], in microseconds; 0 when empty. */
  public long percentile(double percentile) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  public void reset() {
    for (int i = 0; i < BUCKETS; i++) {
      counts.set(i, 0);
    }
  }
}
