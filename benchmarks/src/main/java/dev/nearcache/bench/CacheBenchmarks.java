package dev.nearcache.bench;

import dev.nearcache.jcache.RedisCache;
import dev.nearcache.near.NearCacheMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The workloads, each run against every {@link Peer} as two nodes (two clients, as two JVMs would
 * have) sharing one redis-server: benchmark thread 0 uses node 1, thread 1 uses node 2. Throughput
 * is the sum over both threads. Redis must be running: its URI comes from system property {@value
 * #REDIS_PROPERTY}, and the remote peers' data must be loaded ({@link BenchmarkMain} does both).
 *
 * <p>Latency: during measurement iterations, every operation whose sequence number is a multiple of
 * the workload's sampling interval (64 for hot reads, 8 for Zipfian, 1 otherwise) is timed with
 * {@link System#nanoTime()} into a per-thread HdrHistogram; the merged percentiles go to the side
 * file. Sampling keeps the timer's cost (about 40 ns a sample) out of the throughput of nanosecond
 * operations, so one fork gives both numbers.
 */
@State(Scope.Benchmark)
@Threads(2)
public class CacheBenchmarks {
  public static final String REDIS_PROPERTY = "bench.redis";

  /** A directory where runs append what JMH does not report (near-tier hit counts). */
  public static final String SIDECAR_PROPERTY = "bench.sidecar";

  public static final String NEAR_TIER_FILE = "near-tier.tsv";
  public static final String LATENCY_FILE = "latency.tsv";

  /**
   * Length of the replayed key sequences (a power of two; shorter for the smoke run's tiny data).
   */
  static int sequenceLength(int keys) {
    return keys >= 50_000 ? 1 << 20 : 1 << 14;
  }

  static final int BATCHES = 256;
  public static final int BATCH_SIZE = 100;
  public static final double WRITE_RATIO = 0.05;

  @Param({
    "NEAR_ON",
    "NEAR_OFF",
    "REDISSON_JCACHE",
    "REDISSON_LOCAL_CACHED_MAP",
    "CAFFEINE_JCACHE",
    "REDIS_GET"
  })
  public Peer peer;

  @Param("100000")
  public int keys;

  @Param("1024")
  public int valueSize;

  @Param("1000")
  public int hotKeys;

  /** Entries a local tier may hold (ours: defaults.near-cache.maximum-size). */
  @Param("100000")
  public int localTierSize;

  Dataset data;
  Node[] nodes;
  private String workload;
  private long[][] nearBaseline;
  final List<Histogram> histograms = new CopyOnWriteArrayList<>();

  private static final Map<String, Dataset> DATASETS = new ConcurrentHashMap<>();

  static Dataset dataset(int keys, int valueSize, int hotKeys) {
    return DATASETS.computeIfAbsent(
        keys + "/" + valueSize + "/" + hotKeys, k -> new Dataset(keys, valueSize, hotKeys));
  }

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String redis = System.getProperty(REDIS_PROPERTY);
    if (redis == null) {
      throw new IllegalStateException(
          "system property " + REDIS_PROPERTY + " (redis://host:port) is not set");
    }
    long start = System.nanoTime();
    workload = workloadOf(params);
    data = dataset(keys, valueSize, hotKeys);
    nodes = Peers.openAll(peer, new Peers.Settings(redis, localTierSize), 2);
    if (peer == Peer.CAFFEINE_JCACHE) {
      for (Node node : nodes) {
        // Local only: each node holds the data itself, each entry its own value (as ours does).
        // For hot reads, just the hot keys: what the other local tiers hold once warmed up (a
        // bigger table would be slower for no reason).
        Peers.loadOwnCopies(
            node, data, workload.equals("hotReads") ? data.hotKeyIndexes() : data.allKeyIndexes());
      }
    } else if (workload.equals("zipfian") || workload.equals("getAll100")) {
      // Steady state: every key in every local tier (the tiers hold the whole key set).
      for (Node node : nodes) {
        Peers.warm(peer, node, data);
      }
    }
    if (workload.equals("hotReads")) {
      // The default hit path: with statistics off (the JCache default) reads are not counted.
      for (Node node : nodes) {
        NearCacheMetrics m = nearMetrics(node);
        if (m != null) {
          m.recordReads(false);
        }
      }
    }
    nearBaseline = nearCounters();
    System.out.printf(
        "%n[bench] %s/%s set up in %.1f s%n", workload, peer, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Set (by the harness) when benchmarks run inside its own JVM: nodes are then closed in the
   * background.
   */
  public static final String ASYNC_CLOSE_PROPERTY = "bench.asyncClose";

  private static final List<Thread> CLOSING = new CopyOnWriteArrayList<>();

  /**
   * Closes nodes. In-process (the smoke run) in the background: while a multi-threaded trial's
   * teardown runs, JMH 1.37 parks the other threads with a back-off that jumps to a full second, so
   * a slow teardown costs a second per benchmark. In a fork, at once (the fork ends anyway).
   */
  static void closeNodes(Node[] nodes) {
    Runnable close =
        () -> {
          for (Node node : nodes) {
            node.close();
          }
        };
    if (Boolean.getBoolean(ASYNC_CLOSE_PROPERTY)) {
      Thread t = new Thread(close, "bench-close");
      t.setDaemon(true);
      CLOSING.add(t);
      t.start();
    } else {
      close.run();
    }
  }

  /** Waits for nodes being closed in the background. */
  public static void awaitClosed() throws InterruptedException {
    for (Thread t : CLOSING) {
      t.join(30_000);
    }
    CLOSING.clear();
  }

  static String workloadOf(BenchmarkParams params) {
    String name = params.getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    try {
      recordLatency();
      recordNearTier(params);
    } finally {
      closeNodes(nodes);
    }
  }

  private long[][] nearCounters() {
    long[][] out = new long[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      NearCacheMetrics m = nearMetrics(nodes[i]);
      out[i] =
          m == null
              ? null
              : new long[] {
                m.nearHits(), m.nearMisses(), m.invalidationsReceived(), m.populationRacesLost()
              };
    }
    return out;
  }

  static NearCacheMetrics nearMetrics(Node node) {
    if (node instanceof Peers.JCacheNode j) {
      RedisCache<String, String> ours = j.ours();
      return ours == null ? null : ours.nearCacheMetrics();
    }
    return null;
  }

  /**
   * Appends this trial's latency histogram (nanoseconds, measurement iterations only) to the side
   * file; the harness merges the lines of all forks of a peer ({@link LatencyFile}).
   */
  private void recordLatency() {
    Histogram all = new Histogram(3_600_000_000_000L, 3);
    for (Histogram h : histograms) {
      all.add(h);
    }
    append(LATENCY_FILE, workload + "\t" + peer.name() + "\t" + LatencyFile.encode(all) + "\n");
  }

  private static void append(String fileName, String line) {
    String dir = System.getProperty(SIDECAR_PROPERTY);
    if (dir == null) {
      return;
    }
    try {
      Path file = Path.of(dir).resolve(fileName);
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Appends the near tier's hits and misses during this trial (warm-up included) to the side file.
   */
  private void recordNearTier(BenchmarkParams params) {
    if (peer != Peer.NEAR_ON) {
      return;
    }
    long[][] now = nearCounters();
    long hits = 0;
    long misses = 0;
    long invalidations = 0;
    long racesLost = 0;
    for (int i = 0; i < nodes.length; i++) {
      hits += now[i][0] - nearBaseline[i][0];
      misses += now[i][1] - nearBaseline[i][1];
      invalidations += now[i][2] - nearBaseline[i][2];
      racesLost += now[i][3] - nearBaseline[i][3];
    }
    String line =
        String.join(
                "\t",
                workload,
                params.getMode().shortLabel(),
                peer.name(),
                Long.toString(hits),
                Long.toString(misses),
                Long.toString(invalidations),
                Long.toString(racesLost))
            + "\n";
    append(NEAR_TIER_FILE, line);
  }

  /** One benchmark thread: its node and the key sequence it replays. */
  @State(Scope.Thread)
  public static class Client {
    Node node;
    String[] keys;
    int[] sequence;
    boolean[] writes;
    KeyBatch[] batches;
    Dataset data;
    int cursor;
    int mask;

    /** Timed operations: those whose sequence number has these bits clear. */
    int sampleMask;

    final Histogram histogram = new Histogram(3_600_000_000_000L, 3);

    /**
     * Where timed operations go: {@link #histogram} in measurement iterations, a scratch one in
     * warm-up. Warm-up times its operations too, and no branch tells the two apart, so the code the
     * JIT compiles in warm-up is the code that is measured: a timed path first taken in the first
     * measured iteration made the JIT recompile the benchmark there (an unstable_if trap).
     */
    private final Histogram warmUpScratch = new Histogram(3_600_000_000_000L, 3);

    Histogram target = warmUpScratch;

    @Setup(Level.Trial)
    public void setUp(CacheBenchmarks bench, ThreadParams thread, BenchmarkParams params) {
      int index = thread.getThreadIndex();
      node = bench.nodes[index % bench.nodes.length];
      data = bench.data;
      keys = data.keys();
      long seed = 1_000L + index;
      int length = sequenceLength(bench.keys);
      mask = length - 1;
      bench.histograms.add(histogram);
      switch (workloadOf(params)) {
        case "hotReads" -> {
          sequence = data.hotSequence(length, seed);
          sampleMask = 63;
        }
        case "zipfian" -> {
          sequence = data.zipfianSequence(length, seed);
          writes = data.bernoulliSequence(length, WRITE_RATIO, seed + 7);
          sampleMask = 7;
        }
        case "writes" -> sequence = data.uniformSequence(length, seed);
        case "getAll100" -> batches = data.batches(BATCHES, BATCH_SIZE, true, seed);
        case "putAll100" -> batches = data.batches(BATCHES, BATCH_SIZE, false, seed);
        default -> throw new IllegalStateException("unknown workload " + params.getBenchmark());
      }
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
      target = iteration.getType() == IterationType.MEASUREMENT ? histogram : warmUpScratch;
    }

    /** True when the operation with this sequence number is to be timed. */
    boolean timed(int i) {
      return (i & sampleMask) == 0;
    }

    void record(long startNanos) {
      target.recordValue(Math.max(0, System.nanoTime() - startNanos));
    }

    int next() {
      int c = cursor;
      cursor = (c + 1) & mask;
      return c;
    }

    int nextBatch() {
      int c = cursor;
      cursor = (c + 1) % BATCHES;
      return c;
    }
  }

  /** Reads of the hot keys only: with a local tier, all hits. */
  @Benchmark
  public String hotReads(Client c) {
    int i = c.next();
    String key = c.keys[c.sequence[i]];
    if (!c.timed(i)) {
      return c.node.get(key);
    }
    long t0 = System.nanoTime();
    String value = c.node.get(key);
    c.record(t0);
    return value;
  }

  /** Zipfian (theta 0.99) over all keys: 95% reads, 5% writes, both nodes at once. */
  @Benchmark
  public String zipfian(Client c) {
    int i = c.next();
    if (!c.timed(i)) {
      return zipfianOp(c, i);
    }
    long t0 = System.nanoTime();
    String value = zipfianOp(c, i);
    c.record(t0);
    return value;
  }

  private static String zipfianOp(Client c, int i) {
    String key = c.keys[c.sequence[i]];
    if (c.writes[i]) {
      c.node.put(key, c.data.value(i));
      return null;
    }
    return c.node.get(key);
  }

  /** Unconditional writes of uniformly chosen keys. */
  @Benchmark
  public void writes(Client c) {
    int i = c.next();
    String key = c.keys[c.sequence[i]];
    String value = c.data.value(i);
    if (!c.timed(i)) {
      c.node.put(key, value);
      return;
    }
    long t0 = System.nanoTime();
    c.node.put(key, value);
    c.record(t0);
  }

  /** getAll of 100 distinct Zipfian keys. */
  @Benchmark
  public Map<String, String> getAll100(Client c) {
    int b = c.nextBatch();
    if (!c.timed(b)) {
      return c.node.getAll(c.batches[b]);
    }
    long t0 = System.nanoTime();
    Map<String, String> values = c.node.getAll(c.batches[b]);
    c.record(t0);
    return values;
  }

  /** putAll of 100 distinct uniformly chosen keys. */
  @Benchmark
  public void putAll100(Client c) {
    int b = c.nextBatch();
    if (!c.timed(b)) {
      c.node.putAll(c.batches[b]);
      return;
    }
    long t0 = System.nanoTime();
    c.node.putAll(c.batches[b]);
    c.record(t0);
  }
}
