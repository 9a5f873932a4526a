package dev.nearcache.bench;

import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.testing.RespClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Round trips and commands each operation costs, around a run of operations from one fresh node
 * (its local tier empty) connected through a {@link CountingProxy}: round trips and top-level
 * commands as the proxy saw them, and every command Redis executed (scripts' inner calls included)
 * from {@code INFO commandstats}; each less the node's background traffic (our reconciliation
 * reads, Redisson's pings) measured while idle.
 */
public final class RoundTrips {

  public record Row(
      Peer peer,
      String operation,
      double roundTripsPerOp,
      double commandsPerOp,
      double executedPerOp,
      String breakdown)
      implements java.io.Serializable {}

  private record Counts(long roundTrips, long commands, Map<String, Long> executed) {}

  private record Idle(double roundTripsPerNano, double commandsPerNano, double executedPerNano) {}

  private RoundTrips() {}

  public static List<Row> measure(
      Peers.Settings settings, Dataset data, RespClient redis, int ops, int batches, int idleMillis)
      throws java.io.IOException {
    java.net.URI uri = java.net.URI.create(settings.redisUri());
    try (CountingProxy proxy = new CountingProxy(uri.getHost(), uri.getPort())) {
      return measure(
          new Peers.Settings(proxy.uri(), settings.localTierSize()),
          data,
          redis,
          proxy,
          ops,
          batches,
          idleMillis);
    }
  }

  private static List<Row> measure(
      Peers.Settings settings,
      Dataset data,
      RespClient redis,
      CountingProxy proxy,
      int ops,
      int batches,
      int idleMillis) {
    if (data.keyCount() < ops + (batches + 1) * CacheBenchmarks.BATCH_SIZE) {
      throw new IllegalArgumentException(
          "too few keys for " + ops + " operations and " + batches + " batches");
    }
    List<Row> rows = new ArrayList<>();
    for (Peer peer : Peer.values()) {
      if (!peer.remote()) {
        continue;
      }
      Node node = Peers.open(peer, settings, 41);
      try {
        NearCacheMetrics metrics = CacheBenchmarks.nearMetrics(node);
        if (metrics != null) {
          waitUntilLive(node, metrics, data.key(data.keyCount() - 1));
        }
        Idle idlePerNano = idleRate(redis, proxy, idleMillis);
        rows.add(
            count(
                peer,
                "get (miss)",
                redis,
                proxy,
                idlePerNano,
                ops,
                () -> {
                  for (int i = 0; i < ops; i++) {
                    node.get(data.key(i));
                  }
                }));
        if (peer.hasLocalTier()) {
          rows.add(
              count(
                  peer,
                  "get (local hit)",
                  redis,
                  proxy,
                  idlePerNano,
                  ops,
                  () -> {
                    for (int i = 0; i < ops; i++) {
                      node.get(data.key(i));
                    }
                  }));
        }
        rows.add(
            count(
                peer,
                "put",
                redis,
                proxy,
                idlePerNano,
                ops,
                () -> {
                  for (int i = 0; i < ops; i++) {
                    node.put(data.key(i), data.value(i + 1));
                  }
                }));
        KeyBatch[] batch = new KeyBatch[batches];
        for (int b = 0; b < batches; b++) {
          String[] k = new String[CacheBenchmarks.BATCH_SIZE];
          String[] v = new String[k.length];
          for (int i = 0; i < k.length; i++) {
            int index = ops + b * k.length + i;
            k[i] = data.key(index);
            v[i] = data.value(index + 3);
          }
          batch[b] = new KeyBatch(k, v);
        }
        rows.add(
            count(
                peer,
                "getAll(100)",
                redis,
                proxy,
                idlePerNano,
                batches,
                () -> {
                  for (KeyBatch b : batch) {
                    node.getAll(b);
                  }
                }));
        rows.add(
            count(
                peer,
                "putAll(100)",
                redis,
                proxy,
                idlePerNano,
                batches,
                () -> {
                  for (KeyBatch b : batch) {
                    node.putAll(b);
                  }
                }));
      } finally {
        node.close();
      }
    }
    return rows;
  }

  private static void waitUntilLive(Node node, NearCacheMetrics metrics, String key) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      node.get(key);
      long hits = metrics.nearHits();
      node.get(key);
      if (metrics.nearHits() > hits) {
        LockSupport.parkNanos(200_000_000); // the other segments' baselines
        return;
      }
      LockSupport.parkNanos(20_000_000);
    }
    throw new IllegalStateException("near tier never went live");
  }

  private static Counts counts(RespClient redis, CountingProxy proxy) {
    return new Counts(proxy.roundTrips(), proxy.commands(), commands(redis));
  }

  private static Idle idleRate(RespClient redis, CountingProxy proxy, int idleMillis) {
    Counts before = counts(redis, proxy);
    long t0 = System.nanoTime();
    LockSupport.parkNanos(idleMillis * 1_000_000L);
    double elapsed = System.nanoTime() - t0;
    Counts after = counts(redis, proxy);
    return new Idle(
        (after.roundTrips() - before.roundTrips()) / elapsed,
        (after.commands() - before.commands()) / elapsed,
        total(delta(before.executed(), after.executed())) / elapsed);
  }

  private static Row count(
      Peer peer,
      String operation,
      RespClient redis,
      CountingProxy proxy,
      Idle idle,
      int ops,
      Runnable work) {
    Counts before = counts(redis, proxy);
    long t0 = System.nanoTime();
    work.run();
    long elapsed = System.nanoTime() - t0;
    Counts after = counts(redis, proxy);
    Map<String, Long> delta = delta(before.executed(), after.executed());
    double roundTrips =
        Math.max(0, after.roundTrips() - before.roundTrips() - idle.roundTripsPerNano() * elapsed)
            / ops;
    double commands =
        Math.max(0, after.commands() - before.commands() - idle.commandsPerNano() * elapsed) / ops;
    double executed = Math.max(0, total(delta) - idle.executedPerNano() * elapsed) / ops;
    StringBuilder breakdown = new StringBuilder();
    for (Map.Entry<String, Long> e : new TreeMap<>(delta).entrySet()) {
      double perOp = e.getValue() / (double) ops;
      if (perOp >= 0.005) {
        breakdown
            .append(breakdown.length() == 0 ? "" : ", ")
            .append(e.getKey())
            .append(' ')
            .append(String.format(java.util.Locale.ROOT, "%.2f", perOp));
      }
    }
    return new Row(
        peer,
        operation,
        roundTrips,
        commands,
        executed,
        breakdown.length() == 0 ? "none" : breakdown.toString());
  }

  /** Calls per command, without our own INFO. */
  private static Map<String, Long> commands(RespClient redis) {
    Map<String, Long> calls = new LinkedHashMap<>(redis.commandCalls());
    calls.remove("info");
    return calls;
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new LinkedHashMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d > 0) {
            out.put(k, d);
          }
        });
    return out;
  }

  private static long total(Map<String, Long> delta) {
    long sum = 0;
    for (long v : delta.values()) {
      sum += v;
    }
    return sum;
  }
}
