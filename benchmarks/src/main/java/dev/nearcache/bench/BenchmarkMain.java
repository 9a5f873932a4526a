package dev.nearcache.bench;

import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole comparison in one process: starts a redis-server, loads every remote peer's data,
 * measures invalidation delay, commands per operation and memory per local entry, runs the JMH
 * workloads (throughput with the GC profiler, then latency percentiles), and writes the report and
 * the chart. {@code benchmarks/run.sh} runs it; {@code --smoke} is the CI variant.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    RunConfig config = RunConfig.parse(args);
    if (config.reportOnly) {
      Results saved = load(config.workDir.resolve(RESULTS_FILE));
      Results results =
          new Results(
              saved.config(),
              saved.machine(),
              saved.versions(),
              saved.redisVersion(),
              saved.measurements(),
              saved.invalidation(),
              saved.roundTrips(),
              saved.memory(),
              saved.nearTier(),
              saved.phaseSeconds(),
              saved.cpu(),
              saved.hitPath(),
              saved.totalSeconds());
      write(results, config);
      System.out.printf(
          "%nRewrote %s and %s from %s%n",
          config.markdown, config.chart, config.workDir.resolve(RESULTS_FILE));
      return;
    }
    Results results = run(config);
    System.out.printf(
        "%nWrote %s and %s (%.0f s)%n", config.markdown, config.chart, results.totalSeconds());
    System.exit(0); // Redisson/Netty leave non-daemon threads behind in some versions
  }

  public static Results run(RunConfig config) throws IOException, RunnerException {
    long start = System.nanoTime();
    Map<String, Double> phases = new LinkedHashMap<>();
    Files.createDirectories(config.workDir);
    Path sidecar = config.workDir.resolve("sidecar");
    deleteRecursively(sidecar);
    Files.createDirectories(sidecar);
    Machine machine = Machine.current();
    Map<String, String> versions = versions();
    Dataset data = CacheBenchmarks.dataset(config.keys, config.valueSize, config.hotKeys);
    Map<String, CpuMonitor.Usage> cpu = new LinkedHashMap<>();
    try (CpuMonitor monitor = new CpuMonitor();
        RedisServer redis = RedisServer.start();
        RespClient client = redis.client()) {
      double[] runStart = monitor.snapshot();
      String redisVersion = client.info("server").getOrDefault("redis_version", "?");
      Peers.Settings settings = new Peers.Settings(redis.uri(), config.localTierSize);
      log("redis-server " + redisVersion + " at " + redis.uri() + " (" + redis.binary() + ")");

      long t = System.nanoTime();
      Set<String> loaded = new LinkedHashSet<>();
      for (Peer peer : Peer.values()) {
        if (!peer.remote()) {
          continue;
        }
        Peer owner = peer == Peer.NEAR_ON ? Peer.NEAR_OFF : peer; // one data set for both modes
        if (loaded.add(owner.name())) {
          try (Node node = Peers.open(owner, settings, 99)) {
            Peers.load(node, data);
          }
        }
      }
      phases.put("load data", seconds(t));
      log(
          "loaded "
              + data.keyCount()
              + " keys for "
              + loaded
              + " in "
              + phases.get("load data")
              + " s; "
              + client.dbSize()
              + " keys in Redis");

      t = System.nanoTime();
      InvalidationDelay.Result invalidation =
          config.skip.contains("invalidation")
              ? new InvalidationDelay.Result(List.of(), 0, 0, 0)
              : InvalidationDelay.measure(
                  settings, data, config.invalidationWarmup, config.invalidationSamples);
      phases.put("invalidation delay", seconds(t));
      log("invalidation delay: " + invalidation);

      t = System.nanoTime();
      List<RoundTrips.Row> roundTrips =
          config.skip.contains("roundtrips")
              ? List.of()
              : RoundTrips.measure(
                  settings,
                  data,
                  client,
                  config.roundTripOps,
                  config.roundTripBatches,
                  config.idleMillis);
      phases.put("commands per operation", seconds(t));
      roundTrips.forEach(r -> log("commands: " + r));

      t = System.nanoTime();
      List<MemoryPerEntry.Row> memory =
          config.skip.contains("memory")
              ? List.of()
              : MemoryPerEntry.measure(settings, config.memoryEntries);
      phases.put("memory per entry", seconds(t));
      memory.forEach(r -> log("memory: " + r));

      List<Results.Measurement> measurements = new ArrayList<>();
      Map<String, double[]> hitPath = new LinkedHashMap<>();
      if (config.jmh) {
        System.setProperty(CacheBenchmarks.REDIS_PROPERTY, redis.uri());
        System.setProperty(CacheBenchmarks.SIDECAR_PROPERTY, sidecar.toAbsolutePath().toString());
        System.setProperty(
            CacheBenchmarks.ASYNC_CLOSE_PROPERTY, Boolean.toString(config.forks == 0));
        t = System.nanoTime();
        List<RunResult> throughput = new ArrayList<>();
        for (String workload : config.workloads) {
          double[] before = monitor.snapshot();
          monitor.resetPeak();
          boolean interleaved = workload.equals("hotReads") && config.hotReadsForks > 0;
          throughput.addAll(
              interleaved
                  ? hotReadsInterleaved(config, redis.uri(), sidecar)
                  : new Runner(
                          options(
                                  config,
                                  workload,
                                  config.peers,
                                  config.forks,
                                  redis.uri(),
                                  sidecar)
                              .build())
                      .run());
          cpu.put(workload, monitor.since(before));
          log("CPU during " + workload + ": " + cpu.get(workload));
        }
        phases.put("JMH", seconds(t));
        measurements =
            combine(throughput, LatencyFile.read(sidecar.resolve(CacheBenchmarks.LATENCY_FILE)));
        if (config.hitPath) {
          t = System.nanoTime();
          for (RunResult r : new Runner(hitPathOptions(config, redis.uri()).build()).run()) {
            String name = r.getParams().getBenchmark();
            hitPath.put(
                name.substring(name.lastIndexOf('.') + 1),
                new double[] {
                  r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()
                });
          }
          phases.put("JMH hit-path breakdown", seconds(t));
        }
        try {
          CacheBenchmarks.awaitClosed();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<Results.NearTierStats> nearTier = readNearTier(sidecar);
      CpuMonitor.Usage whole = monitor.since(runStart);
      double peak = whole.peakForeignCores();
      for (CpuMonitor.Usage u : cpu.values()) {
        peak = Math.max(peak, u.peakForeignCores());
      }
      cpu.put(
          "whole run",
          new CpuMonitor.Usage(
              whole.seconds(), whole.machineBusy(), whole.ours(), whole.foreign(), peak));
      double total = seconds(start) + buildSeconds();
      phases.forEach((phase, secs) -> log(phase + ": " + secs + " s"));
      Results results =
          new Results(
              config,
              machine,
              versions,
              redisVersion,
              measurements,
              invalidation,
              roundTrips,
              memory,
              nearTier,
              phases,
              cpu,
              hitPath,
              total);
      try (var out =
          new java.io.ObjectOutputStream(
              Files.newOutputStream(config.workDir.resolve(RESULTS_FILE)))) {
        out.writeObject(results);
      }
      write(results, config);
      return results;
    }
  }

  static final String RESULTS_FILE = "results.ser";

  private static void write(Results results, RunConfig config) throws IOException {
    if (config.markdown.toAbsolutePath().getParent() != null) {
      Files.createDirectories(config.markdown.toAbsolutePath().getParent());
    }
    Files.writeString(
        config.markdown, Report.markdown(results, chartLink(config)), StandardCharsets.UTF_8);
    if (config.chart.toAbsolutePath().getParent() != null) {
      Files.createDirectories(config.chart.toAbsolutePath().getParent());
    }
    Chart.write(results, config.chart);
  }

  private static Results load(Path file) throws IOException {
    try (var in = new java.io.ObjectInputStream(Files.newInputStream(file))) {
      return (Results) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read " + file, e);
    }
  }

  private static String chartLink(RunConfig config) {
    Path dir = config.markdown.toAbsolutePath().getParent();
    return dir.relativize(config.chart.toAbsolutePath()).toString().replace('\\', '/');
  }

  private static double buildSeconds() {
    String s = System.getProperty("bench.buildSeconds");
    try {
      return s == null ? 0 : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Hot reads, one fork at a time: the near-hit target's two peers alternate (A B, B A, A B, …) for
   * {@code hotReadsForks} rounds, the other peers run in the first {@code hotReadsOtherForks}
   * rounds; forks of one peer are then merged into one result. This machine's speed drifts over
   * minutes (other tenants of the host): in one full run both peers ran at about 45 M hits/s in one
   * round and at 56-58 M in the next. Running all forks of one peer and then all of the other's
   * would compare different minutes; interleaved, the drift falls on both.
   */
  static List<RunResult> hotReadsInterleaved(RunConfig config, String redisUri, Path sidecar)
      throws RunnerException {
    List<Peer> target = config.peers.stream().filter(RunConfig.HIT_TARGET_PEERS::contains).toList();
    List<Peer> others =
        config.peers.stream().filter(p -> !RunConfig.HIT_TARGET_PEERS.contains(p)).toList();
    List<RunResult> forks = new ArrayList<>();
    int rounds = Math.max(config.hotReadsForks, config.hotReadsOtherForks);
    for (int round = 0; round < rounds; round++) {
      List<Peer> order = new ArrayList<>();
      if (round < config.hotReadsForks) {
        order.addAll(target);
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
      }
      if (round < config.hotReadsOtherForks) {
        order.addAll(others);
      }
      for (Peer peer : order) {
        forks.addAll(
            new Runner(options(config, "hotReads", List.of(peer), 1, redisUri, sidecar).build())
                .run());
      }
    }
    return mergeForks(forks);
  }

  /** One result per benchmark and peer, holding the iterations of all its forks (in peer order). */
  static List<RunResult> mergeForks(List<RunResult> forks) {
    Map<String, List<RunResult>> byKey = new LinkedHashMap<>();
    for (RunResult r : forks) {
      byKey.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
    }
    List<RunResult> out = new ArrayList<>();
    for (List<RunResult> same : byKey.values()) {
      List<BenchmarkResult> all = new ArrayList<>();
      for (RunResult r : same) {
        all.addAll(r.getBenchmarkResults());
      }
      out.add(new RunResult(same.get(0).getParams(), all));
    }
    out.sort(Comparator.comparing((RunResult r) -> Peer.valueOf(r.getParams().getParam("peer"))));
    return out;
  }

  static ChainedOptionsBuilder options(
      RunConfig config,
      String workload,
      List<Peer> peers,
      int forks,
      String redisUri,
      Path sidecar) {
    boolean hot = workload.equals("hotReads");
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include(Pattern.quote(CacheBenchmarks.class.getName()) + "\\." + workload + "$")
            .mode(Mode.Throughput)
            .timeUnit(TimeUnit.SECONDS)
            .param("peer", peers.stream().map(Enum::name).toArray(String[]::new))
            .param("keys", Integer.toString(config.keys))
            .param("valueSize", Integer.toString(config.valueSize))
            .param("hotKeys", Integer.toString(config.hotKeys))
            .param("localTierSize", Integer.toString(config.localTierSize))
            .threads(2)
            .forks(forks)
            .warmupIterations(hot ? config.hotReadsWarmupIterations : config.warmupIterations)
            .warmupTime(TimeValue.milliseconds(config.warmupMillis))
            .measurementIterations(
                hot ? config.hotReadsMeasurementIterations : config.measurementIterations)
            .measurementTime(TimeValue.milliseconds(config.measurementMillis))
            .timeout(TimeValue.seconds(120))
            .shouldFailOnError(true)
            // Hot reads allocate nothing, so after warm-up no collection ever runs and the heap
            // keeps
            // the layout of however each peer was filled. A near tier filled through misses holds
            // its
            // entries scattered among the misses' garbage, and reads of that layout ran at half
            // speed
            // (27-32 M/s; 50-56 M/s after one collection had compacted the same entries;
            // BENCHMARKS.md,
            // diagnosis). JMH's forced GC between iterations, for every peer alike, measures the
            // steady state a service has, whose young collections compact what survives.
            .shouldDoGC(hot);
    // The GC profiler waits about a second after each benchmark for GC notifications: the smoke
    // run keeps it on one workload only.
    if (!config.smoke || hot) {
      b.addProfiler(GCProfiler.class);
    }
    for (String profiler : config.profilers) {
      int colon = profiler.indexOf(':');
      if (colon < 0) {
        b.addProfiler(profiler);
      } else {
        b.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
      }
    }
    if (config.forks > 0) {
      List<String> jvm = new ArrayList<>(config.forkJvmArgs);
      jvm.add("-D" + CacheBenchmarks.REDIS_PROPERTY + "=" + redisUri);
      jvm.add("-D" + CacheBenchmarks.SIDECAR_PROPERTY + "=" + sidecar.toAbsolutePath());
      jvm.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      b.jvmArgsAppend(jvm.toArray(String[]::new));
    }
    return b;
  }

  static ChainedOptionsBuilder hitPathOptions(RunConfig config, String redisUri) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include(Pattern.quote(HitPathBenchmarks.class.getName()) + "\\.")
            .forks(config.forks)
            .warmupIterations(config.hotReadsWarmupIterations)
            .warmupTime(TimeValue.milliseconds(config.warmupMillis))
            .measurementIterations(config.hotReadsMeasurementIterations)
            .measurementTime(TimeValue.milliseconds(config.measurementMillis))
            .timeout(TimeValue.seconds(120))
            .shouldFailOnError(true);
    if (config.forks > 0) {
      List<String> jvm = new ArrayList<>(config.forkJvmArgs);
      jvm.add("-D" + CacheBenchmarks.REDIS_PROPERTY + "=" + redisUri);
      jvm.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      b.jvmArgsAppend(jvm.toArray(String[]::new));
    }
    return b;
  }

  static List<Results.Measurement> combine(
      Collection<RunResult> throughput, Map<String, long[]> latency) {
    List<Results.Measurement> out = new ArrayList<>();
    for (RunResult r : throughput) {
      Result<?> primary = r.getPrimaryResult();
      long[] l = latency.get(key(r));
      double alloc = Double.NaN;
      // getSecondaryResults() is JMH's: a map to the raw type Result.
      for (@SuppressWarnings("rawtypes")
      Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          alloc = e.getValue().getScore();
        }
      }
      out.add(
          new Results.Measurement(
              workload(r),
              Peer.valueOf(r.getParams().getParam("peer")),
              primary.getScore(),
              primary.getScoreError(),
              l == null ? Double.NaN : l[1],
              l == null ? Double.NaN : l[3],
              l == null ? Double.NaN : l[4],
              l == null ? 0 : l[0],
              alloc,
              primary.getStatistics().getPercentile(50)));
    }
    return out;
  }

  private static String key(RunResult r) {
    return workload(r) + "/" + r.getParams().getParam("peer");
  }

  private static String workload(RunResult r) {
    String name = r.getParams().getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static List<Results.NearTierStats> readNearTier(Path sidecar) throws IOException {
    Path file = sidecar.resolve(CacheBenchmarks.NEAR_TIER_FILE);
    List<Results.NearTierStats> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t", -1);
      if (f.length >= 7) {
        out.add(
            new Results.NearTierStats(
                f[0],
                f[1],
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                Long.parseLong(f[5]),
                Long.parseLong(f[6])));
      }
    }
    return out;
  }

  static Map<String, String> versions() {
    Properties p = new Properties();
    try (InputStream in = BenchmarkMain.class.getResourceAsStream("/bench-versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String k :
        List.of(
            "nearcache",
            "redisson",
            "caffeine",
            "cache-api",
            "kryo",
            "jmh",
            "jol",
            "hdrhistogram")) {
      out.put(k, p.getProperty(k, "?"));
    }
    String commit = System.getProperty("bench.commit");
    if (commit != null && !commit.isBlank()) {
      out.put("nearcache commit", commit);
    }
    return out;
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
  }

  static void log(String message) {
    System.out.println("[bench] " + message);
    System.out.flush();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
