package dev.nearcache.bench;

import java.util.List;
import java.util.Map;

/** Everything one run measured. */
public record Results(
    RunConfig config,
    Machine machine,
    Map<String, String> versions,
    String redisVersion,
    List<Measurement> measurements,
    InvalidationDelay.Result invalidation,
    List<RoundTrips.Row> roundTrips,
    List<MemoryPerEntry.Row> memory,
    List<NearTierStats> nearTier,
    Map<String, Double> phaseSeconds,
    /**
     * CPU used by this run and by everything else on the machine, per JMH workload and "whole run".
     */
    Map<String, CpuMonitor.Usage> cpu,
    /** Where a near hit's time goes: benchmark name -> {ns/op, ± ns}. */
    Map<String, double[]> hitPath,
    double totalSeconds)
    implements java.io.Serializable {

  /**
   * One peer on one workload: throughput (JMH), sampled latency percentiles, allocation (JMH's GC
   * profiler).
   */
  /**
   * One workload on one peer. {@code opsPerSecond} and {@code opsError} are JMH's mean and 99.9%
   * half-interval; {@code opsMedian} is the median of all measurement iterations of all forks,
   * which ratios and targets use: on a shared 2-core machine one slow fork moves a mean far more
   * than a median.
   */
  public record Measurement(
      String workload,
      Peer peer,
      double opsPerSecond,
      double opsError,
      double p50Nanos,
      double p99Nanos,
      double p999Nanos,
      long latencySamples,
      double allocBytesPerOp,
      double opsMedian)
      implements java.io.Serializable {

    /** The median throughput; the mean for results saved before medians were recorded. */
    public double typicalOps() {
      return opsMedian > 0 ? opsMedian : opsPerSecond;
    }
  }

  /** Our near tier's hits and misses during one JMH trial (both nodes, warm-up included). */
  public record NearTierStats(
      String workload, String mode, long hits, long misses, long invalidations, long racesLost)
      implements java.io.Serializable {
    public double hitRatio() {
      long total = hits + misses;
      return total == 0 ? Double.NaN : hits / (double) total;
    }
  }

  public Measurement find(String workload, Peer peer) {
    for (Measurement m : measurements) {
      if (m.workload().equals(workload) && m.peer() == peer) {
        return m;
      }
    }
    return null;
  }
}
