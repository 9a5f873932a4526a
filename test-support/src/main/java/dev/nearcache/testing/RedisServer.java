package dev.nearcache.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free loopback port, for tests.
 *
 * <p>The binary is, in this order: the path in system property {@value #BINARY_PROPERTY} (or
 * environment variable {@value #BINARY_ENV}); {@code redis-server} from the {@code PATH}; the
 * statically linked binary that {@code org.signal:embedded-redis} ships inside its jar, extracted
 * once per JVM to a temporary file.
 *
 * <p>The server runs with {@code --port N --bind 127.0.0.1 --save "" --appendonly no
 * --protected-mode yes} plus the caller's extra arguments, one word per argument as on a shell
 * command line (e.g. {@code "--requirepass", "x"}, {@code "--user", "alice", "on", ">pw", "~*",
 * "+@all"}, {@code "--enable-debug-command", "yes"}), in a temporary working directory. {@link
 * #start} returns once the server answers {@code PING}. {@link #close()} stops it; a JVM shutdown
 * hook stops whatever a crashed test forgot.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start("--requirepass", "secret");
 *      RespClient client = redis.client()) {   // client() authenticates with requirepass
 *   client.command("DBSIZE");
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

  /** System property naming the redis-server binary to use. */
  public static final String BINARY_PROPERTY = "nearcache.redis.server";

  /** Environment variable naming the redis-server binary to use. */
  public static final String BINARY_ENV = "NEARCACHE_REDIS_SERVER";

  /** System property: start time-out in milliseconds (default 20000). */
  public static final String START_TIMEOUT_PROPERTY = "nearcache.redis.startTimeoutMillis";

  public static final String HOST = "127.0.0.1";

  private static final int LOG_TAIL_CHARS = 8_000;
  private static final Set<RedisServer> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;
  private static Path extractedBinary;

  private final Path binary;
  private final List<String> extraArgs;
  private final Duration startTimeout;
  private final boolean fixedPort;
  private final String password;
  private final Path workDir;
  private final Path logFile;
  private volatile int port;
  private volatile Process process;
  private volatile boolean closed;

  private RedisServer(Builder b) {
    this.binary = b.binary != null ? b.binary : defaultBinary();
    this.extraArgs = List.copyOf(b.args);
    this.startTimeout = b.startTimeout != null ? b.startTimeout : defaultStartTimeout();
    this.fixedPort = b.port > 0;
    this.port = b.port;
    this.password = findRequirePass(extraArgs);
    try {
      this.workDir = Files.createTempDirectory("nearcache-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a working directory for redis-server", e);
    }
    this.logFile = workDir.resolve("redis.log");
  }

  /** Starts a server on a free loopback port with the default arguments plus {@code extraArgs}. */
  public static RedisServer start(String... extraArgs) {
    return builder().args(extraArgs).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for a server; {@link #start()} launches it. */
  public static final class Builder {
    private final List<String> args = new ArrayList<>();
    private int port;
    private Path binary;
    private Duration startTimeout;

    private Builder() {}

    /** Extra {@code redis-server} arguments, appended after the defaults (they win). */
    public Builder args(String... extra) {
      args.addAll(Arrays.asList(extra));
      return this;
    }

    /** A fixed port instead of a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** A specific {@code redis-server} binary. */
    public Builder binary(Path binary) {
      this.binary = binary;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public RedisServer start() {
      RedisServer server = new RedisServer(this);
      try {
        server.launch();
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
      return server;
    }
  }

  // ------------------------------------------------------------------------------------ queries

  public int port() {
    return port;
  }

  public String host() {
    return HOST;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://" + HOST + ":" + port;
  }

  /** The password given with {@code --requirepass}, or null. */
  public String password() {
    return password;
  }

  public Path binary() {
    return binary;
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The process id of the running server. */
  public long pid() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    return p.pid();
  }

  /** The full command line the server was started with. */
  public List<String> commandLine() {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    Collections.addAll(
        cmd,
        "--port",
        Integer.toString(port),
        "--bind",
        HOST,
        "--save",
        "",
        "--appendonly",
        "no",
        "--protected-mode",
        "yes");
    cmd.addAll(extraArgs);
    return cmd;
  }

  /** The last few kilobytes of the server's output (all starts, including restarts). */
  public String log() {
    try {
      if (!Files.exists(logFile)) {
        return "";
      }
      String text = Files.readString(logFile, StandardCharsets.UTF_8);
      return text.length() <= LOG_TAIL_CHARS
          ? text
          : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /**
   * A new connection to the server, authenticated when the server was started with {@code
   * --requirepass}. The caller closes it.
   */
  public RespClient client() {
    RespClient client = new RespClient(HOST, port);
    if (password != null) {
      try {
        client.auth(password);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
    return client;
  }

  // ---------------------------------------------------------------------------------- lifecycle

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and starts it again on the same port. */
  public synchronized void restart() {
    stop();
    startAgain();
  }

  /** Starts a stopped server again on the same port; no-op when it runs. */
  public synchronized void startAgain() {
    ensureOpen();
    if (isRunning()) {
      return;
    }
    launchOnce();
  }

  /**
   * Stops the server gracefully (SIGTERM, then SIGKILL after 10 s); {@link #startAgain} may follow.
   */
  public synchronized void stop() {
    Process p = process;
    if (p != null) {
      terminate(p, 10_000);
      process = null;
    }
  }

  /** Kills the server with SIGKILL, like a crash; {@link #startAgain} may follow. */
  public synchronized void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      waitQuietly(p, 10_000);
      process = null;
    }
  }

  /** Stops the server for good and deletes its working directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      LIVE.remove(this);
      deleteRecursively(workDir);
    }
  }

  @Override
  public String toString() {
    Process p = process;
    return "RedisServer["
        + uri()
        + (p != null && p.isAlive() ? ", pid " + p.pid() : ", stopped")
        + ", "
        + binary
        + "]";
  }

  // ------------------------------------------------------------------------------------ starting

  private synchronized void launch() {
    installShutdownHook();
    LIVE.add(this);
    if (fixedPort) {
      launchOnce();
      return;
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      port = freePort();
      try {
        launchOnce();
        return;
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

  private void launchOnce() {
    ProcessBuilder pb =
        new ProcessBuilder(commandLine())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    long logOffset = logSize();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    process = p;
    awaitPing(p, logOffset);
  }

  private void awaitPing(Process p, long logOffset) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    String lastProblem = "no answer yet";
    while (true) {
      if (!p.isAlive()) {
        process = null;
        throw new IllegalStateException(
            "redis-server exited with code "
                + p.exitValue()
                + " while starting on port "
                + port
                + "\ncommand: "
                + commandLine()
                + "\n--- log ---\n"
                + log());
      }
      try (RespClient client = new RespClient(HOST, port, 1_000)) {
        if (answersAsOurs(client, p, logOffset)) {
          return;
        }
        lastProblem = "the server on port " + port + " is not (yet) ours";
      } catch (RespClient.RedisErrorException e) {
        lastProblem = e.getMessage();
      } catch (UncheckedIOException e) {
        lastProblem = String.valueOf(e.getCause());
      }
      if (System.nanoTime() > deadline) {
        terminate(p, 2_000);
        process = null;
        throw new IllegalStateException(
            "redis-server did not answer PING on port "
                + port
                + " within "
                + startTimeout.toMillis()
                + " ms ("
                + lastProblem
                + ")\ncommand: "
                + commandLine()
                + "\n--- log ---\n"
                + log());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        terminate(p, 2_000);
        process = null;
        throw new IllegalStateException("interrupted while waiting for redis-server", e);
      }
    }
  }

  /**
   * True when the server answering on the port is the process just started (not another one that
   * holds the port while ours is about to fail with "Address already in use").
   */
  private boolean answersAsOurs(RespClient client, Process p, long logOffset) {
    try {
      client.call("PING");
    } catch (RespClient.RedisErrorException e) {
      if ("LOADING".equals(e.code())) {
        throw e;
      }
      // NOAUTH / NOPERM: up, but guarded.
    }
    try {
      if (password != null) {
        client.auth(password);
      }
      String pid = client.info("server").get("process_id");
      return pid != null && Long.parseLong(pid.trim()) == p.pid();
    } catch (RespClient.RedisErrorException e) {
      // Cannot ask (ACL users only, say): trust our own log, or a process that stays up.
      String newLog = logSince(logOffset);
      if (newLog.contains("Ready to accept connections")) {
        return true;
      }
      sleepQuietly(200);
      return p.isAlive() && !logSince(logOffset).contains("Address already in use");
    }
  }

  private long logSize() {
    try {
      return Files.exists(logFile) ? Files.size(logFile) : 0L;
    } catch (IOException e) {
      return 0L;
    }
  }

  private String logSince(long offset) {
    try {
      byte[] all = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this RedisServer is closed");
    }
  }

  private static void terminate(Process p, long graceMillis) {
    p.destroy(); // SIGTERM: redis exits at once (nothing to save with --save "")
    if (!waitQuietly(p, graceMillis)) {
      p.destroyForcibly();
      waitQuietly(p, 10_000);
    }
  }

  private static boolean waitQuietly(Process p, long millis) {
    try {
      return p.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  private static synchronized void installShutdownHook() {
    if (hookInstalled) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::killAll, "redis-server-reaper"));
    hookInstalled = true;
  }

  /** The shutdown hook: no locks, only the processes. */
  private static void killAll() {
    for (RedisServer server : LIVE) {
      Process p = server.process;
      if (p != null) {
        p.destroy();
      }
    }
    for (RedisServer server : LIVE) {
      Process p = server.process;
      if (p != null && !waitQuietly(p, 3_000)) {
        p.destroyForcibly();
      }
      deleteRecursively(server.workDir);
    }
  }

  // 127.0.0.1, not getLoopbackAddress(): the servers bind IPv4 loopback, which that may not be
  // (::1).
  @SuppressWarnings("AddressSelection")
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  private static Duration defaultStartTimeout() {
    return Duration.ofMillis(Long.getLong(START_TIMEOUT_PROPERTY, 20_000L));
  }

  private static String findRequirePass(List<String> args) {
    String result = null;
    for (int i = 0; i < args.size() - 1; i++) {
      if ("--requirepass".equals(args.get(i))) {
        result = args.get(i + 1);
      }
    }
    return result == null || result.isEmpty() ? null : result;
  }

  private static File nullDevice() {
    return new File(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win")
            ? "NUL"
            : "/dev/null");
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

  // ------------------------------------------------------------------------------------ binaries

  /** The binary a new server uses unless the builder names one. */
  public static Path defaultBinary() {
    String configured = System.getProperty(BINARY_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(BINARY_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      Path path = Paths.get(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            BINARY_PROPERTY
                + "/"
                + BINARY_ENV
                + " names "
                + configured
                + ", which is not an executable file");
      }
      return path;
    }
    Path onPath = findOnPath("redis-server");
    return onPath != null ? onPath : embeddedBinary();
  }

  /** An executable named {@code name} on the PATH, or null. */
  public static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Paths.get(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The statically linked redis-server that {@code org.signal:embedded-redis} ships for this
   * platform, extracted (once per JVM) to an executable temporary file.
   */
  public static synchronized Path embeddedBinary() {
    if (extractedBinary != null && Files.isExecutable(extractedBinary)) {
      return extractedBinary;
    }
    String platform = platform();
    String resource = findEmbeddedResource(platform);
    if (resource == null) {
      throw new IllegalStateException(
          "redis-server is not on the PATH and org.signal:embedded-redis has no binary for "
              + platform
              + "; install redis-server (e.g. apt-get install redis-server)");
    }
    try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " vanished from the class path");
      }
      Path dir = Files.createTempDirectory("nearcache-redis-bin-");
      dir.toFile().deleteOnExit(); // deleteOnExit runs in reverse order: the file first, then this
      Path target = dir.resolve("redis-server");
      target.toFile().deleteOnExit();
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      if (!target.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("cannot make " + target + " executable");
      }
      extractedBinary = target;
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource, e);
    }
  }

  /** e.g. {@code linux-amd64}, {@code linux-arm64}, {@code darwin-arm64}. */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String osPart =
        os.contains("mac") || os.contains("darwin")
            ? "darwin"
            : os.contains("linux") ? "linux" : os;
    String archPart =
        switch (arch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          case "x86", "i386", "i486", "i586", "i686" -> "386";
          default -> arch;
        };
    return osPart + "-" + archPart;
  }

  /**
   * Finds {@code redis-server-<version>-<platform>} in the embedded-redis jar, newest version
   * first.
   */
  private static String findEmbeddedResource(String platform) {
    String known = "redis-server-7.0.15-" + platform;
    ClassLoader loader = RedisServer.class.getClassLoader();
    URL marker = loader.getResource("redis/embedded/RedisServer.class");
    if (marker != null && "jar".equals(marker.getProtocol())) {
      String spec = marker.getPath(); // file:/...jar!/redis/embedded/RedisServer.class
      int bang = spec.indexOf("!/");
      if (bang > 0 && spec.startsWith("file:")) {
        try (JarFile jar = new JarFile(new File(new URL(spec.substring(0, bang)).toURI()))) {
          String suffix = "-" + platform;
          String best =
              jar.stream()
                  .map(JarEntry::getName)
                  .filter(
                      n -> n.startsWith("redis-server-") && n.endsWith(suffix) && !n.contains("/"))
                  .max(Comparator.comparing(RedisServer::versionKey))
                  .orElse(null);
          if (best != null) {
            return best;
          }
        } catch (Exception ignored) {
          // fall back to the known name below
        }
      }
    }
    return loader.getResource(known) != null ? known : null;
  }

  private static String versionKey(String name) {
    // redis-server-7.0.15-linux-amd64 -> 00007.00000.00015 (so 7.2 sorts above 7.0.15)
    String[] parts = name.substring("redis-server-".length()).split("-", -1)[0].split("\\.", -1);
    StringBuilder key = new StringBuilder();
    for (String part : parts) {
      key.append(String.format("%05d.", part.matches("\\d+") ? Integer.parseInt(part) : 0));
    }
    return key.toString();
  }
}
