package dev.nearcache.demo;

import dev.nearcache.near.LatencyHistogram;
import dev.nearcache.near.NearCacheMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/** The closing table: per service instance and in total. */
final class Report {
  @SuppressWarnings("ArrayRecordComponent") // a table row, never compared or hashed
  record Row(
      String name,
      long reads,
      long nearHits,
      long redisHits,
      long databaseLoads,
      long invalidations,
      long[] delaysMicros) {

    static Row of(ServiceInstance instance) {
      long nearHits = 0;
      long redisHits = 0;
      long invalidations = 0;
      List<long[]> delays = new ArrayList<>();
      for (NearCacheMetrics m : instance.metrics()) {
        nearHits += m.nearHits();
        redisHits += m.redisHits();
        invalidations += m.invalidationsReceived();
        delays.add(values(m.invalidationDelayMicros()));
      }
      return new Row(
          instance.name,
          instance.reads(),
          nearHits,
          redisHits,
          instance.loader.queries(),
          invalidations,
          merge(delays));
    }

    static Row total(List<Row> rows) {
      return new Row(
          "total",
          rows.stream().mapToLong(Row::reads).sum(),
          rows.stream().mapToLong(Row::nearHits).sum(),
          rows.stream().mapToLong(Row::redisHits).sum(),
          rows.stream().mapToLong(Row::databaseLoads).sum(),
          rows.stream().mapToLong(Row::invalidations).sum(),
          merge(rows.stream().map(Row::delaysMicros).toList()));
    }
  }

  private Report() {}

  /**
   * The recorded values of a histogram, in order, each as its bucket's upper bound (the histogram
   * has no merge, so the total's percentiles are taken over these).
   */
  static long[] values(LatencyHistogram histogram) {
    long n = histogram.count();
    long[] out = new long[(int) n];
    for (int rank = 1; rank <= n; rank++) {
      out[rank - 1] = histogram.percentile(100.0 * (rank - 0.5) / n);
    }
    return out;
  }

  static long[] merge(List<long[]> parts) {
    long[] all = parts.stream().flatMapToLong(LongStream::of).toArray();
    Arrays.sort(all);
    return all;
  }

  /** The value at a percentile of sorted values (nearest rank), or -1 when there are none. */
  static long percentile(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(sorted.length * percentile / 100.0);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static String millis(long micros) {
    return micros < 0 ? "-" : String.format("%.2f ms", micros / 1000.0);
  }

  static List<String> table(List<Row> rows) {
    String format = "%-11s %11s %11s %11s %9s %14s %12s %12s";
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            format,
            "",
            "reads",
            "near hits",
            "Redis hits",
            "DB loads",
            "invalidations",
            "inval. p50",
            "inval. p99"));
    for (Row row : rows) {
      if (row.name().equals("total")) {
        lines.add("-".repeat(lines.get(0).length()));
      }
      lines.add(
          String.format(
              format,
              row.name(),
              n(row.reads()),
              n(row.nearHits()),
              n(row.redisHits()),
              n(row.databaseLoads()),
              n(row.invalidations()),
              millis(percentile(row.delaysMicros(), 50)),
              millis(percentile(row.delaysMicros(), 99))));
    }
    return lines;
  }

  static String n(long value) {
    return String.format("%,d", value);
  }
}
