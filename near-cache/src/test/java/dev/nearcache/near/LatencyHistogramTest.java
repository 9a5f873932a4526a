package dev.nearcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The invalidation-delay histogram (moved here from NearTierTest, whose tier is internal now). */
class LatencyHistogramTest {
  @Test
  void emptyIsZero() {
    LatencyHistogram h = new LatencyHistogram();
    assertEquals(0, h.count());
    assertEquals(0, h.percentile(50));
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 0; v < 16; v++) {
      h.record(v);
    }
    assertEquals(16, h.count());
    assertEquals(0, h.percentile(1));
    assertEquals(7, h.percentile(50));
    assertEquals(15, h.percentile(100));
  }

  @Test
  void negativeValuesCountAsZero() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(-42);
    assertEquals(1, h.count());
    assertEquals(0, h.percentile(100));
  }

  @Test
  void percentilesAreWithinTheStatedPrecision() {
    LatencyHistogram h = new LatencyHistogram();
    int n = 200_000;
    for (int v = 1; v <= n; v++) {
      h.record(v);
    }
    assertEquals(n, h.count());
    for (double p : new double[] {0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 100}) {
      long exact = (long) Math.ceil(n * p / 100.0);
      long got = h.percentile(p);
      assertTrue(got >= exact, "p" + p + ": " + got + " below the true " + exact);
      assertTrue(
          got <= exact + Math.max(1, exact / 16),
          "p" + p + ": " + got + " more than 1/16 above " + exact);
    }
  }

  @Test
  void everyValueLandsInABucketThatContainsIt() {
    List<Long> values = new ArrayList<>();
    for (long v = 0; v < 5_000; v++) {
      values.add(v);
    }
    for (int shift = 12; shift < 41; shift++) {
      values.add((1L << shift) - 1);
      values.add(1L << shift);
      values.add((1L << shift) + 12345);
    }
    for (long v : values) {
      int i = LatencyHistogram.index(v);
      long upper = LatencyHistogram.upperBound(i);
      long lower = i == 0 ? 0 : LatencyHistogram.upperBound(i - 1) + 1;
      assertTrue(
          lower <= v && v <= upper, v + " not in bucket " + i + " [" + lower + "," + upper + "]");
      assertTrue(upper - v <= Math.max(0, v / 16), v + ": bucket too wide: " + upper);
    }
  }

  @Test
  void hugeValuesAreClampedAndResetEmpties() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(Long.MAX_VALUE);
    assertEquals(1, h.count());
    assertTrue(h.percentile(100) >= (1L << 40));
    h.reset();
    assertEquals(0, h.count());
  }
}
