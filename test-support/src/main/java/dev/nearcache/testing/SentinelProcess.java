package dev.nearcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server <conf> --sentinel} process on a free loopback port, with a configuration
 * file of its own in {@code dir} (Sentinel rewrites it as it learns the topology, so each needs its
 * own). Uses the binary {@link RedisServer#defaultBinary()} finds. Part of {@link
 * RedisSentinelSetup}.
 */
final class SentinelProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MILLIS = 20_000;
  private static final Set<SentinelProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;

  private final Path dir;
  private final int port;
  private final Process process;

  private SentinelProcess(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a sentinel monitoring the master on {@code masterPort}; returns once it answers as
   * itself.
   */
  static SentinelProcess start(Path dir, int masterPort) {
    installShutdownHook();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      try {
        return launch(dir, port, masterPort);
      } catch (IllegalStateException e) {
        // Another process may have taken the free port between the probe and the bind.
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static SentinelProcess launch(Path dir, int port, int masterPort) {
    Path conf = dir.resolve("sentinel.conf");
    Path log = dir.resolve("sentinel.log");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          conf,
          String.join(
              "\n",
              "port " + port,
              "bind " + RedisServer.HOST,
              "dir " + dir.toAbsolutePath(),
              "sentinel monitor "
                  + RedisSentinelSetup.MASTER_NAME
                  + " "
                  + RedisServer.HOST
                  + " "
                  + masterPort
                  + " 2",
              "sentinel down-after-milliseconds " + RedisSentinelSetup.MASTER_NAME + " 1000",
              "sentinel failover-timeout " + RedisSentinelSetup.MASTER_NAME + " 5000",
              "sentinel parallel-syncs " + RedisSentinelSetup.MASTER_NAME + " 1",
              ""),
          StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sentinel configuration " + conf, e);
    }
    List<String> command =
        List.of(RedisServer.defaultBinary().toString(), conf.toString(), "--sentinel");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    }
    SentinelProcess sentinel = new SentinelProcess(dir, port, p);
    LIVE.add(sentinel);
    try {
      sentinel.awaitAnswer(command);
    } catch (RuntimeException e) {
      sentinel.close();
      throw e;
    }
    return sentinel;
  }

  /** Waits until the process on our port is ours (its INFO names our pid). */
  private void awaitAnswer(List<String> command) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "sentinel exited with code "
                + process.exitValue()
                + " while starting on port "
                + port
                + "\ncommand: "
                + command
                + "\n--- log ---\n"
                + log());
      }
      try (RespClient client = new RespClient(RedisServer.HOST, port, 1_000)) {
        String pid = client.info("server").get("process_id");
        if (pid != null && Long.parseLong(pid.trim()) == process.pid()) {
          return;
        }
      } catch (RuntimeException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "sentinel did not answer on port "
                + port
                + " within "
                + START_TIMEOUT_MILLIS
                + " ms\ncommand: "
                + command
                + "\n--- log ---\n"
                + log());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a sentinel", e);
      }
    }
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://" + RedisServer.HOST + ":" + port;
  }

  RespClient client() {
    return new RespClient(RedisServer.HOST, port, 2_000);
  }

  String log() {
    try {
      Path log = dir.resolve("sentinel.log");
      if (!Files.exists(log)) {
        return "";
      }
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() <= 8_000 ? text : "..." + text.substring(text.length() - 8_000);
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  /** Kills the process (SIGTERM, then SIGKILL) and deletes its directory. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      LIVE.remove(this);
      RedisSentinelSetup.deleteRecursively(dir);
    }
  }

  private static synchronized void installShutdownHook() {
    if (hookInstalled) {
      return;
    }
    // Whatever a crashed test forgot: no locks, only the processes.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (SentinelProcess s : LIVE) {
                    s.process.destroyForcibly();
                  }
                },
                "redis-sentinel-reaper"));
    hookInstalled = true;
  }

  // 127.0.0.1, not getLoopbackAddress(): the servers bind IPv4 loopback, which that may not be
  // (::1).
  @SuppressWarnings("AddressSelection")
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(RedisServer.HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }
}
