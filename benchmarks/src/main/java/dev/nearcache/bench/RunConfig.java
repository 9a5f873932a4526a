package dev.nearcache.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one run measures and for how long. {@link #full()} is run.sh's; {@link #smoke()} is CI's.
 */
public final class RunConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final List<String> WORKLOADS =
      List.of("hotReads", "zipfian", "writes", "getAll100", "putAll100");

  /** The peers whose hot reads the near-hit target compares: ours, and the local-only ceiling. */
  public static final List<Peer> HIT_TARGET_PEERS = List.of(Peer.NEAR_ON, Peer.CAFFEINE_JCACHE);

  boolean smoke;
  int keys = 100_000;
  int valueSize = 1024;
  int hotKeys = 1_000;
  int localTierSize = 100_000;
  List<Peer> peers = new ArrayList<>(Arrays.asList(Peer.values()));
  List<String> workloads = new ArrayList<>(WORKLOADS);
  int forks = 1;

  /** Remote workloads need about 7 s before Redisson's and Netty's paths are compiled (2 cores). */
  int warmupIterations = 7;

  int warmupMillis = 1_000;
  int measurementIterations = 4;
  int measurementMillis = 1_000;

  /** Hot reads run at nanoseconds an operation: the JIT needs longer (2 cores, both busy). */
  int hotReadsWarmupIterations = 4;

  int hotReadsMeasurementIterations = 3;

  /**
   * Forks of hot reads for the peers the near-hit target compares ({@link #HIT_TARGET_PEERS}).
   * Their throughput varies more from one JVM to the next than within one (±15% between forks on
   * this shared 2-core VM, for both peers), so they get several forks, run interleaved one by one.
   */
  int hotReadsForks = 5;

  /**
   * Forks of hot reads for every other peer (remote ones run at thousandths of a local hit's rate).
   */
  int hotReadsOtherForks = 1;

  int invalidationWarmup = 3_000;
  int invalidationSamples = 3_000;
  int roundTripOps = 1_000;
  int roundTripBatches = 50;

  /** How long the background traffic of an idle node is measured, to subtract it. */
  int idleMillis = 1_500;

  int memoryEntries = 100_000;
  boolean jmh = true;

  /** Also run {@link HitPathBenchmarks} (where a near hit's time goes). */
  boolean hitPath = true;

  /** Phases not to run (development): invalidation, roundtrips, memory. */
  List<String> skip = new ArrayList<>();

  transient Path markdown = Path.of("BENCHMARKS.md");
  transient Path chart = Path.of("benchmarks", "chart.png");
  transient Path workDir = Path.of("benchmarks", "target", "bench-run");

  /**
   * Rewrite the report and chart from the last run's saved results (e.g. after editing
   * findings.md).
   */
  transient boolean reportOnly;

  List<String> forkJvmArgs = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC"));

  /**
   * Extra JMH profilers ({@code name} or {@code name:options}), for diagnosis: e.g. {@code
   * perfasm:events=cpu-clock}.
   */
  List<String> profilers = new ArrayList<>();

  public static RunConfig full() {
    return new RunConfig();
  }

  /** Every benchmark for a few hundred milliseconds, in-process, on tiny data. */
  public static RunConfig smoke() {
    RunConfig c = new RunConfig();
    c.smoke = true;
    c.keys = 2_000;
    c.hotKeys = 100;
    c.localTierSize = 2_000;
    c.forks = 0;
    c.hotReadsForks = 0;
    c.hotReadsOtherForks = 0;
    c.warmupIterations = 1;
    c.warmupMillis = 100;
    c.measurementIterations = 1;
    c.measurementMillis = 150;
    c.hotReadsWarmupIterations = 1;
    c.hotReadsMeasurementIterations = 1;
    c.invalidationWarmup = 20;
    c.invalidationSamples = 50;
    c.roundTripOps = 100;
    c.roundTripBatches = 3;
    c.idleMillis = 200;
    c.memoryEntries = 2_000;
    return c;
  }

  /** {@code --key value} options over a base configuration. */
  public static RunConfig parse(String[] args) {
    RunConfig c = Arrays.asList(args).contains("--smoke") ? smoke() : full();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--smoke")) {
        continue;
      }
      if (a.equals("--report-only")) {
        c.reportOnly = true;
        continue;
      }
      if (a.equals("--no-jmh")) {
        c.jmh = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--skip" -> {
          c.skip = Arrays.asList(v.split(","));
          c.hitPath = !c.skip.contains("hitpath");
        }
        case "--profiler" -> c.profilers.add(v);
        case "--fork-jvm-arg" -> c.forkJvmArgs.add(v);
        case "--out" -> c.markdown = Path.of(v);
        case "--chart" -> c.chart = Path.of(v);
        case "--work-dir" -> c.workDir = Path.of(v);
        case "--keys" -> c.keys = Integer.parseInt(v);
        case "--hot-keys" -> c.hotKeys = Integer.parseInt(v);
        case "--value-size" -> c.valueSize = Integer.parseInt(v);
        case "--local-tier-size" -> c.localTierSize = Integer.parseInt(v);
        case "--forks" -> {
          c.forks = Integer.parseInt(v);
          c.hotReadsForks = c.forks;
          c.hotReadsOtherForks = c.forks;
        }
        case "--warmup" -> {
          c.warmupIterations = Integer.parseInt(v);
          c.hotReadsWarmupIterations = c.warmupIterations;
        }
        case "--warmup-ms" -> c.warmupMillis = Integer.parseInt(v);
        case "--iterations" -> {
          c.measurementIterations = Integer.parseInt(v);
          c.hotReadsMeasurementIterations = c.measurementIterations;
        }
        case "--iteration-ms" -> c.measurementMillis = Integer.parseInt(v);
        case "--invalidation-samples" -> c.invalidationSamples = Integer.parseInt(v);
        case "--invalidation-warmup" -> c.invalidationWarmup = Integer.parseInt(v);
        case "--memory-entries" -> c.memoryEntries = Integer.parseInt(v);
        case "--peers" -> {
          c.peers = new ArrayList<>();
          for (String p : v.split(",", -1)) {
            c.peers.add(Peer.valueOf(p.trim()));
          }
        }
        case "--workloads" -> {
          c.workloads = new ArrayList<>();
          for (String w : v.split(",", -1)) {
            if (!WORKLOADS.contains(w.trim())) {
              throw new IllegalArgumentException("unknown workload " + w + "; known: " + WORKLOADS);
            }
            c.workloads.add(w.trim());
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    return c;
  }
}
