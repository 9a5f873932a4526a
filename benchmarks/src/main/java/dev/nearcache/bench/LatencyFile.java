package dev.nearcache.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The latency side file: one line per trial (fork), {@code workload TAB peer TAB histogram}, the
 * histogram compressed and in Base64. A peer measured in several forks has several lines, merged
 * here into one histogram, so its percentiles cover every fork and not only the last one.
 */
final class LatencyFile {
  private LatencyFile() {}

  static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  static Histogram decode(String text) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException(
          "malformed latency histogram in " + CacheBenchmarks.LATENCY_FILE, e);
    }
  }

  /** Percentiles by {@code workload/peer}: {count, p50, p90, p99, p99.9, max} in nanoseconds. */
  static Map<String, long[]> read(Path file) throws IOException {
    Map<String, Histogram> merged = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split("\t", -1);
        if (f.length == 3) {
          Histogram h = decode(f[2]);
          merged.merge(
              f[0] + "/" + f[1],
              h,
              (a, b) -> {
                a.add(b);
                return a;
              });
        }
      }
    }
    Map<String, long[]> out = new LinkedHashMap<>();
    merged.forEach(
        (key, h) ->
            out.put(
                key,
                new long[] {
                  h.getTotalCount(),
                  h.getValueAtPercentile(50),
                  h.getValueAtPercentile(90),
                  h.getValueAtPercentile(99),
                  h.getValueAtPercentile(99.9),
                  h.getMaxValue()
                }));
    return out;
  }
}
