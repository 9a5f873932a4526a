package dev.nearcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A real Redis Cluster for tests: {@value #NODES} {@code redis-server} processes on loopback, each
 * a master of a third of the 16384 slots, no replicas, no persistence.
 *
 * <p>The cluster is formed the way {@code redis-cli --cluster create} does it, but over {@link
 * RespClient}, because {@code redis-cli} may be missing (the binary that {@code
 * org.signal:embedded-redis} ships is {@code redis-server} alone): every node claims its slot range
 * with {@code CLUSTER ADDSLOTSRANGE} (Redis 7), takes a distinct config epoch, node 1 meets the
 * others, and {@link #start} returns once every node reports {@code cluster_state:ok} and knows all
 * {@value #NODES} nodes.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *   config.useClusterServers().setNodeAddresses(cluster.uris());
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {
  public static final int NODES = 3;
  public static final int SLOTS = 16384;

  /** System property: how long the cluster may take to form, in milliseconds (default 30000). */
  public static final String FORM_TIMEOUT_PROPERTY = "nearcache.redis.clusterFormTimeoutMillis";

  /** Node i serves slots {@code SLOT_RANGES[i][0]..SLOT_RANGES[i][1]}, as redis-cli splits them. */
  private static final int[][] SLOT_RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};

  /** The cluster bus listens on the client port plus this (Redis's fixed offset). */
  private static final int BUS_PORT_OFFSET = 10000;

  /**
   * Client ports are drawn from here (above the TCK servers' 10000-10011), so that both a port and
   * its bus port (+10000) stay below Linux's ephemeral range (32768 and up), where an outgoing
   * connection could take one between our probe and the server's bind.
   */
  private static final int LOWEST_PORT = 12000;

  private static final int HIGHEST_PORT = 32767 - BUS_PORT_OFFSET;
  private static final int START_ATTEMPTS = 10;

  private final Path configDir;
  private final List<RedisServer> servers = new ArrayList<>(NODES);
  private volatile boolean closed;

  private RedisCluster() {
    try {
      this.configDir = Files.createTempDirectory("nearcache-redis-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the cluster's node files", e);
    }
  }

  /** Starts and forms a cluster, waiting up to {@value #FORM_TIMEOUT_PROPERTY} (default 30 s). */
  public static RedisCluster start() {
    return start(Duration.ofMillis(Long.getLong(FORM_TIMEOUT_PROPERTY, 30_000L)));
  }

  /** Starts and forms a cluster, waiting up to {@code formTimeout} for {@code cluster_state:ok}. */
  public static RedisCluster start(Duration formTimeout) {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < NODES; i++) {
        cluster.servers.add(cluster.startNode(i));
      }
      cluster.form(formTimeout);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  // ------------------------------------------------------------------------------------ queries

  /** The seed addresses, {@code redis://127.0.0.1:<port>}, one per node. */
  public List<String> uris() {
    return servers.stream().map(RedisServer::uri).toList();
  }

  /** Node {@code i} (0-based) as a server, e.g. to open a {@link RespClient} on it. */
  public RedisServer node(int i) {
    return servers.get(i);
  }

  public List<RedisServer> nodes() {
    return List.copyOf(servers);
  }

  /** The node (0-based) that serves {@code slot}. */
  public static int ownerOfSlot(int slot) {
    for (int i = 0; i < SLOT_RANGES.length; i++) {
      if (slot >= SLOT_RANGES[i][0] && slot <= SLOT_RANGES[i][1]) {
        return i;
      }
    }
    throw new IllegalArgumentException("slot " + slot + " is not in 0.." + (SLOTS - 1));
  }

  /** The slot of {@code key}, as the cluster computes it ({@code CLUSTER KEYSLOT}). */
  public int slotOf(String key) {
    try (RespClient client = node(0).client()) {
      return ((Long) client.call("CLUSTER", "KEYSLOT", key)).intValue();
    }
  }

  @Override
  public String toString() {
    return "RedisCluster" + uris();
  }

  // ---------------------------------------------------------------------------------- lifecycle

  /** Stops every node and deletes their node files. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (RedisServer server : servers) {
        server.close();
      }
    } finally {
      deleteRecursively(configDir);
    }
  }

  // ------------------------------------------------------------------------------------ starting

  /**
   * Starts node {@code i} on a port whose bus port is free too. {@link RedisServer} picks only the
   * client port, so the cluster picks both and retries when another process took one of them
   * between the probe and the bind.
   */
  private RedisServer startNode(int i) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePortWithFreeBusPort();
      try {
        return RedisServer.builder()
            .port(port)
            .args(
                "--cluster-enabled",
                "yes",
                // Redis writes this file itself; one per node (two nodes must never share one),
                // all in the cluster's directory, which close() deletes.
                "--cluster-config-file",
                configDir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout",
                "5000",
                // Without it a node that was never sent MEET learns its own address only from
                // the first PING, and may list itself as ":port" to a client that asks earlier.
                "--cluster-announce-ip",
                RedisServer.HOST)
            .start();
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        last = e;
      }
    }
    throw new IllegalStateException(
        "cannot start cluster node "
            + (i + 1)
            + ": no free port pair after "
            + START_ATTEMPTS
            + " attempts",
        last);
  }

  private void form(Duration timeout) {
    for (int i = 0; i < NODES; i++) {
      try (RespClient client = node(i).client()) {
        call(
            client,
            i,
            "CLUSTER",
            "ADDSLOTSRANGE",
            Integer.toString(SLOT_RANGES[i][0]),
            Integer.toString(SLOT_RANGES[i][1]));
        // Distinct epochs from the start, as redis-cli gives them: otherwise the nodes resolve
        // their equal epochs among themselves after meeting, which only takes longer.
        call(client, i, "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
      }
    }
    try (RespClient first = node(0).client()) {
      for (int i = 1; i < NODES; i++) {
        call(first, 0, "CLUSTER", "MEET", RedisServer.HOST, Integer.toString(node(i).port()));
      }
    }
    awaitFormed(timeout);
  }

  private Object call(RespClient client, int node, String... command) {
    try {
      return client.call(command);
    } catch (RespClient.RedisErrorException e) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed on cluster node "
              + (node + 1)
              + " ("
              + node(node).uri()
              + "): "
              + e.getMessage()
              + "\n--- log ---\n"
              + node(node).log(),
          e);
    }
  }

  /** Waits until every node reports the cluster ok, all slots assigned and all nodes known. */
  private void awaitFormed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String problem = formProblem();
      if (problem == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
          logs.append("\n--- log of node ")
              .append(i + 1)
              .append(" (")
              .append(node(i).uri())
              .append(") ---\n")
              .append(node(i).log());
        }
        throw new IllegalStateException(
            "Redis Cluster "
                + uris()
                + " did not form within "
                + timeout.toMillis()
                + " ms: "
                + problem
                + logs);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for the Redis Cluster to form", e);
      }
    }
  }

  /** What keeps the cluster from being ready, or null when every node sees it whole. */
  private String formProblem() {
    for (int i = 0; i < NODES; i++) {
      Map<String, String> info;
      try (RespClient client = node(i).client()) {
        info = clusterInfo(client);
      } catch (RuntimeException e) {
        return "node " + (i + 1) + " cannot be asked: " + e.getMessage();
      }
      String state = info.get("cluster_state");
      String known = info.get("cluster_known_nodes");
      String assigned = info.get("cluster_slots_assigned");
      if (!"ok".equals(state)
          || !Integer.toString(NODES).equals(known)
          || !Integer.toString(SLOTS).equals(assigned)) {
        return "node "
            + (i + 1)
            + " reports cluster_state:"
            + state
            + ", cluster_known_nodes:"
            + known
            + ", cluster_slots_assigned:"
            + assigned;
      }
    }
    return null;
  }

  /** {@code CLUSTER INFO} as key/value pairs. */
  private static Map<String, String> clusterInfo(RespClient client) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : client.command("CLUSTER", "INFO").split("\r?\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        result.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return result;
  }

  /** A free loopback port whose bus port (+10000) is free too, both below the ephemeral range. */
  private static int freePortWithFreeBusPort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT + 1);
      if (isFree(port) && isFree(port + BUS_PORT_OFFSET)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port pair (p, p+"
            + BUS_PORT_OFFSET
            + ") with p in "
            + LOWEST_PORT
            + ".."
            + HIGHEST_PORT);
  }

  // The socket is only held: binding it is the test. 127.0.0.1, not getLoopbackAddress(): the
  // servers bind IPv4 loopback, which that may not be (::1).
  @SuppressWarnings({"try", "AddressSelection"})
  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(RedisServer.HOST))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteRecursively(Path dir) {
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
