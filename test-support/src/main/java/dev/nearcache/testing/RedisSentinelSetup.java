package dev.nearcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real Redis Sentinel topology for failover tests, all on loopback: a master, one replica ({@code
 * --replicaof}) and {@value #SENTINELS} sentinels (quorum 2) monitoring the master as {@value
 * #MASTER_NAME}, with {@code down-after-milliseconds} 1000 and {@code failover-timeout} 5000, so
 * that a failover completes within a few seconds of the master going away.
 *
 * <p>{@link #start} returns once every sentinel sees the master, the replica and the two other
 * sentinels. Faults: {@link #killMaster()} (SIGKILL), {@link #pauseMaster()} / {@link #resume}
 * (SIGSTOP / SIGCONT: the process keeps its sockets, nothing is closed, it just stops answering),
 * and {@link #replicateThrough(TcpRelay)}, which makes the replica follow the master through a
 * relay that a test can stall, so that writes acknowledged by the master never reach the replica —
 * the writes a real failover loses to asynchronous replication, made deterministic. {@link
 * #awaitFailover} waits until all sentinels name the new master and it answers as one.
 *
 * <pre>{@code
 * try (RedisSentinelSetup redis = RedisSentinelSetup.start()) {
 *   config.useSentinelServers().setMasterName(RedisSentinelSetup.MASTER_NAME).setSentinelAddresses(redis.sentinelUris());
 *   RedisServer old = redis.killMaster();
 *   RedisServer promoted = redis.awaitFailover(old, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class RedisSentinelSetup implements AutoCloseable {
  public static final String MASTER_NAME = "mymaster";
  public static final int SENTINELS = 3;

  /**
   * How long {@link #start} waits for the sentinels to discover everything (they say hello every 2
   * s).
   */
  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

  private final Path configDir;
  private final List<RedisServer> servers = new ArrayList<>(2);
  private final List<SentinelProcess> sentinels = new ArrayList<>(SENTINELS);
  private volatile boolean closed;

  private RedisSentinelSetup() {
    try {
      this.configDir = Files.createTempDirectory("nearcache-redis-sentinel-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a directory for the sentinels' configuration files", e);
    }
  }

  /** Starts master, replica and sentinels; returns once the sentinels see the whole topology. */
  public static RedisSentinelSetup start() {
    RedisSentinelSetup setup = new RedisSentinelSetup();
    try {
      RedisServer master = RedisServer.start();
      setup.servers.add(master);
      setup.servers.add(
          RedisServer.start("--replicaof", RedisServer.HOST, Integer.toString(master.port())));
      setup.awaitReplicating(setup.servers.get(1), master, Duration.ofSeconds(20));
      for (int i = 0; i < SENTINELS; i++) {
        setup.sentinels.add(
            SentinelProcess.start(setup.configDir.resolve("sentinel-" + (i + 1)), master.port()));
      }
      setup.awaitDiscovery();
    } catch (RuntimeException | Error e) {
      setup.close();
      throw e;
    }
    return setup;
  }

  // ------------------------------------------------------------------------------------ queries

  /**
   * The sentinels' addresses, {@code redis://127.0.0.1:<port>}: what clients are configured with.
   */
  public List<String> sentinelUris() {
    return sentinels.stream().map(SentinelProcess::uri).toList();
  }

  /** Both data servers, in start order (the first started as master). */
  public List<RedisServer> servers() {
    return List.copyOf(servers);
  }

  /** The data server the first sentinel names as master now. */
  public RedisServer master() {
    return serverOnPort(masterPortSeenBy(sentinels.get(0)));
  }

  /** The data server that is not {@link #master()}. */
  public RedisServer replica() {
    RedisServer master = master();
    return servers.get(0) == master ? servers.get(1) : servers.get(0);
  }

  /** The master's port according to one sentinel ({@code SENTINEL get-master-addr-by-name}). */
  private int masterPortSeenBy(SentinelProcess sentinel) {
    try (RespClient client = sentinel.client()) {
      List<Object> addr =
          RespClient.asList(client.call("SENTINEL", "get-master-addr-by-name", MASTER_NAME));
      if (addr.size() != 2) {
        throw new IllegalStateException(
            "sentinel " + sentinel.uri() + " knows no master named " + MASTER_NAME);
      }
      return Integer.parseInt(String.valueOf(addr.get(1)));
    }
  }

  private RedisServer serverOnPort(int port) {
    for (RedisServer s : servers) {
      if (s.port() == port) {
        return s;
      }
    }
    throw new IllegalStateException(
        "the sentinels name port " + port + " as master, which is none of " + servers);
  }

  // -------------------------------------------------------------------------------------- faults

  /** SIGKILLs the current master, like a crash; returns it (it stays down). */
  public RedisServer killMaster() {
    RedisServer master = master();
    master.kill();
    return master;
  }

  /**
   * SIGSTOPs the current master: it keeps every socket open but answers nothing, as a frozen VM or
   * a long GC-like stall does. Returns it; {@link #resume} continues it.
   */
  public RedisServer pauseMaster() {
    RedisServer master = master();
    signal(master.pid(), "STOP");
    return master;
  }

  /** SIGCONTs a server stopped by {@link #pauseMaster}. */
  public void resume(RedisServer server) {
    signal(server.pid(), "CONT");
  }

  /**
   * Points the replica at {@code relay} (which must forward to the current master) and waits until
   * it replicates through it: stalling the relay then holds back everything the master
   * acknowledges. Sentinel corrects a replica that follows another address only after the failover
   * timeout (5 s) since it noticed, so a test has that long to use it.
   */
  public void replicateThrough(TcpRelay relay) {
    RedisServer replica = replica();
    try (RespClient client = replica.client()) {
      client.call("REPLICAOF", RedisServer.HOST, Integer.toString(relay.port()));
    }
    awaitCondition(
        Duration.ofSeconds(20),
        () -> {
          try (RespClient client = replica.client()) {
            Map<String, String> info = client.info("replication");
            boolean up =
                Integer.toString(relay.port()).equals(info.get("master_port"))
                    && "up".equals(info.get("master_link_status"));
            return up
                ? null
                : "replica "
                    + replica.uri()
                    + " reports master_port:"
                    + info.get("master_port")
                    + ", master_link_status:"
                    + info.get("master_link_status");
          }
        },
        "the replica to replicate through " + relay);
  }

  /**
   * Waits until every sentinel names a master other than {@code old} and that server answers {@code
   * ROLE} as master; returns it.
   */
  public RedisServer awaitFailover(RedisServer old, Duration timeout) {
    awaitCondition(
        timeout,
        () -> {
          for (SentinelProcess sentinel : sentinels) {
            int port;
            try {
              port = masterPortSeenBy(sentinel);
            } catch (RuntimeException e) {
              return "sentinel " + sentinel.uri() + " cannot be asked: " + e.getMessage();
            }
            if (port == old.port()) {
              return "sentinel " + sentinel.uri() + " still names " + old.uri();
            }
          }
          RedisServer promoted = master();
          try (RespClient client = promoted.client()) {
            String role = String.valueOf(RespClient.asList(client.call("ROLE")).get(0));
            return "master".equals(role) ? null : promoted.uri() + " answers ROLE " + role;
          } catch (RuntimeException e) {
            return promoted.uri() + " cannot be asked: " + e.getMessage();
          }
        },
        "a failover away from " + old.uri());
    return master();
  }

  /** Waits until {@code server} is a replica of {@code master} with its link up. */
  public void awaitReplicaOf(RedisServer server, RedisServer master, Duration timeout) {
    awaitReplicating(server, master, timeout);
  }

  private void awaitReplicating(RedisServer server, RedisServer master, Duration timeout) {
    awaitCondition(
        timeout,
        () -> {
          try (RespClient client = server.client()) {
            Map<String, String> info = client.info("replication");
            boolean ok =
                "slave".equals(info.get("role"))
                    && Integer.toString(master.port()).equals(info.get("master_port"))
                    && "up".equals(info.get("master_link_status"));
            return ok
                ? null
                : server.uri()
                    + " reports role:"
                    + info.get("role")
                    + ", master_port:"
                    + info.get("master_port")
                    + ", master_link_status:"
                    + info.get("master_link_status");
          } catch (RuntimeException e) {
            return server.uri() + " cannot be asked: " + e.getMessage();
          }
        },
        server.uri() + " to replicate from " + master.uri());
  }

  // ------------------------------------------------------------------------------------- waiting

  /** Every sentinel sees the master up, the replica and the other sentinels. */
  private void awaitDiscovery() {
    awaitCondition(
        DISCOVERY_TIMEOUT,
        () -> {
          for (SentinelProcess sentinel : sentinels) {
            String problem = discoveryProblem(sentinel);
            if (problem != null) {
              return problem;
            }
          }
          return null;
        },
        "the sentinels to discover master "
            + servers.get(0).uri()
            + ", replica "
            + servers.get(1).uri()
            + " and each other");
  }

  private String discoveryProblem(SentinelProcess sentinel) {
    try (RespClient client = sentinel.client()) {
      List<Map<String, String>> replicas =
          records(client.call("SENTINEL", "replicas", MASTER_NAME));
      if (replicas.size() != 1 || !"slave".equals(replicas.get(0).get("flags"))) {
        return "sentinel " + sentinel.uri() + " sees replicas " + replicas;
      }
      int others = records(client.call("SENTINEL", "sentinels", MASTER_NAME)).size();
      if (others != SENTINELS - 1) {
        return "sentinel "
            + sentinel.uri()
            + " sees "
            + others
            + " other sentinels, not "
            + (SENTINELS - 1);
      }
      Map<String, String> master = pairs(client.call("SENTINEL", "master", MASTER_NAME));
      if (!"master".equals(master.get("flags"))) {
        return "sentinel " + sentinel.uri() + " flags the master " + master.get("flags");
      }
      return null;
    } catch (RuntimeException e) {
      return "sentinel " + sentinel.uri() + " cannot be asked: " + e.getMessage();
    }
  }

  /** An array of flat field/value arrays (SENTINEL replicas / sentinels) as maps. */
  private static List<Map<String, String>> records(Object reply) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Object each : RespClient.asList(reply)) {
      out.add(pairs(each));
    }
    return out;
  }

  private static Map<String, String> pairs(Object reply) {
    Map<String, String> map = new LinkedHashMap<>();
    if (reply instanceof Map<?, ?> m) { // RESP3
      m.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
      return map;
    }
    List<Object> flat = RespClient.asList(reply);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
    return map;
  }

  /**
   * Polls {@code problem} (null: done) every 50 ms; on time-out fails with the last problem and the
   * logs.
   */
  private void awaitCondition(Duration timeout, Supplier<String> problem, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last;
    while ((last = problem.get()) != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after "
                + timeout.toMillis()
                + " ms waiting for "
                + what
                + ": "
                + last
                + logs());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  private String logs() {
    StringBuilder out = new StringBuilder();
    for (RedisServer s : servers) {
      out.append("\n--- log of ").append(s.uri()).append(" ---\n").append(s.log());
    }
    for (SentinelProcess s : sentinels) {
      out.append("\n--- log of sentinel ").append(s.uri()).append(" ---\n").append(s.log());
    }
    return out.toString();
  }

  private static void signal(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      // kill writes in the platform's charset.
      String output = new String(kill.getInputStream().readAllBytes(), Charset.defaultCharset());
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + pid, e);
    }
  }

  @Override
  public String toString() {
    return "RedisSentinelSetup[servers " + servers + ", sentinels " + sentinelUris() + "]";
  }

  // ---------------------------------------------------------------------------------- lifecycle

  /**
   * Stops every process (continuing a paused one first) and deletes the temporary files.
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (SentinelProcess s : sentinels) {
        s.close();
      }
      for (RedisServer s : servers) {
        if (s.isRunning()) {
          try {
            signal(s.pid(), "CONT"); // a stopped process does not handle SIGTERM until continued
          } catch (RuntimeException ignored) {
            // exiting anyway
          }
        }
        s.close();
      }
    } finally {
      deleteRecursively(configDir);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
