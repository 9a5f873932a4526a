package dev.nearcache.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's smoke run of the whole harness: every workload against every peer in-process for a few
 * hundred milliseconds on 2,000 keys, plus the invalidation-delay, round-trip and memory
 * measurements, the report and the chart. It checks that everything completes and produces numbers;
 * it asserts nothing about speed. The real comparison is benchmarks/run.sh.
 */
class BenchmarkSmokeTest {

  @Test
  void everyBenchmarkRunsAndProducesNumbers(@TempDir Path dir) throws Exception {
    RunConfig config = RunConfig.smoke();
    config.markdown = dir.resolve("BENCHMARKS.md");
    config.chart = dir.resolve("chart.png");
    config.workDir = dir.resolve("work");

    Results results = BenchmarkMain.run(config);

    Set<String> seen = new HashSet<>();
    for (Results.Measurement m : results.measurements()) {
      String what = m.workload() + "/" + m.peer();
      seen.add(what);
      assertTrue(m.opsPerSecond() > 0, what + " throughput");
      assertTrue(m.latencySamples() > 0, what + " latency samples");
      assertTrue(m.p50Nanos() > 0 && m.p99Nanos() >= m.p50Nanos(), what + " percentiles");
      if (m.workload().equals("hotReads")) { // the smoke run profiles allocation there only
        assertFalse(Double.isNaN(m.allocBytesPerOp()), what + " allocation");
      }
    }
    assertEquals(
        RunConfig.WORKLOADS.size() * Peer.values().length, seen.size(), "measured: " + seen);

    assertFalse(results.invalidation().series().isEmpty());
    for (InvalidationDelay.Series s : results.invalidation().series()) {
      assertTrue(s.samples() > 0, s.toString());
    }
    assertTrue(results.invalidation().histogramSamples() > 0);

    assertFalse(results.roundTrips().isEmpty());
    for (RoundTrips.Row row : results.roundTrips()) {
      if (!row.operation().contains("local hit")) {
        assertTrue(row.roundTripsPerOp() > 0, row.toString());
      }
    }

    assertEquals(4, results.memory().size());
    for (MemoryPerEntry.Row row : results.memory()) {
      assertTrue(row.entries() > 0 && row.bytesPerEntry() > 0, row.toString());
    }

    assertFalse(results.nearTier().isEmpty());
    assertEquals(7, results.hitPath().size(), "hit-path benchmarks: " + results.hitPath().keySet());
    results.hitPath().forEach((name, v) -> assertTrue(v[0] > 0, name));
    assertFalse(results.cpu().isEmpty());

    String markdown = Files.readString(config.markdown);
    assertTrue(
        markdown.contains("## Results")
            && markdown.contains("## Targets")
            && markdown.contains("## Memory per local entry"));
    BufferedImage chart = ImageIO.read(config.chart.toFile());
    assertNotNull(chart);
    assertTrue(chart.getWidth() > 1000 && chart.getHeight() > 500);
  }
}
