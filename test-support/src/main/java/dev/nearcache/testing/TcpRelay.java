package dev.nearcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between clients and one server, for fault tests: it forwards bytes both ways until
 * told to {@linkplain #stall() stall}, and then holds every byte of every connection, current and
 * new, without closing any socket — what a network partition, a hung load balancer or a frozen VM
 * does. Nothing errors: a client still connects (the relay accepts), its writes succeed into its
 * socket buffer until the buffers fill, its reads just wait. {@linkplain #release() Released}, the
 * held bytes go on in order, so a command sent during the stall reaches the server late, exactly as
 * it would in production. {@link #cutAll()} resets every connection instead.
 *
 * <p>Each direction of each connection is one daemon thread that reads a chunk and waits at the
 * gate before writing it: while stalled, at most one chunk per direction sits in memory and the
 * rest stays in the kernel's buffers, so nothing is lost or reordered. An end of stream (FIN) and a
 * reset are part of the stream too: during a stall neither is passed on, as a partition would not
 * pass them either.
 */
public final class TcpRelay implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /**
   * How long {@link #stall()} waits for a chunk that is being written to be written. A write blocks
   * only if the receiver stopped reading; then it is "on the wire" and the stall cannot take it
   * back.
   */
  private static final long STALL_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();

  /** Guarded by {@link #gate}. */
  private boolean stalled;

  /** Chunks being written right now; guarded by {@link #gate}. */
  private int writing;

  private volatile boolean closed;

  // 127.0.0.1, not getLoopbackAddress(): the servers bind IPv4 loopback, which that may not be
  // (::1).
  @SuppressWarnings("AddressSelection")
  private TcpRelay(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getByName(RedisServer.HOST));
    daemon(this::acceptLoop, "tcp-relay-accept-" + listener.getLocalPort());
  }

  /** A relay on a free loopback port forwarding to {@code host:port}. */
  public static TcpRelay start(String host, int port) {
    try {
      return new TcpRelay(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a relay port", e);
    }
  }

  /** A relay in front of {@code server}. */
  public static TcpRelay to(RedisServer server) {
    return start(server.host(), server.port());
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code redis://127.0.0.1:<port>}: the address clients use instead of the server's. */
  public String uri() {
    return "redis://" + RedisServer.HOST + ":" + port();
  }

  /** Connections accepted so far (including those accepted while stalled). */
  public int acceptedConnections() {
    return accepted.get();
  }

  /**
   * From now on no byte goes through, either way, on any connection, current or new; nothing is
   * closed. Returns once no chunk read before the call is still being written (or after a second,
   * if a receiver is not reading), so a byte sent after this returns is held.
   */
  public void stall() {
    synchronized (gate) {
      stalled = true;
      long deadline = System.nanoTime() + STALL_SETTLE_NANOS;
      long left;
      while (writing > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(gate, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Bytes flow again; what was held is delivered first, in order. */
  public void release() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  public boolean isStalled() {
    synchronized (gate) {
      return stalled;
    }
  }

  /**
   * Resets every current connection now, stalled or not: both the client and the server see it drop
   * (a TCP RST: linger 0).
   */
  public void cutAll() {
    for (Socket s : sockets) {
      reset(s);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
    release(); // wakes the threads that hold chunks, which then find their sockets closed
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      sockets.add(client);
      // Connecting to the target may take long (it is down): never on the accepting thread.
      daemon(() -> connect(client), "tcp-relay-connect-" + client.getPort());
    }
  }

  private void connect(Socket client) {
    Socket server = new Socket();
    sockets.add(server);
    try {
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      server.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      // The target refused: the client learns it, but not through a stall.
      holdWhileStalled();
      reset(client);
      reset(server);
      return;
    }
    if (closed) {
      reset(client);
      reset(server);
      return;
    }
    Pair pair = new Pair(client, server);
    daemon(() -> pump(pair, server, client), "tcp-relay-down-" + client.getPort());
    pump(pair, client, server);
  }

  /** One connection: both sockets, and how many of its two directions reached end of stream. */
  private final class Pair {
    final Socket client;
    final Socket server;
    final AtomicInteger ended = new AtomicInteger();

    Pair(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    /** Both directions ended cleanly: close both, normally. */
    void directionEnded() {
      if (ended.incrementAndGet() == 2) {
        close(client);
        close(server);
      }
    }

    /** A side failed (reset, closed by cutAll): the other side is reset too. */
    void failed() {
      reset(client);
      reset(server);
    }

    private void close(Socket s) {
      sockets.remove(s);
      try {
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  private void pump(Pair pair, Socket from, Socket to) {
    byte[] buffer = new byte[CHUNK];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (!enterWrite()) {
          throw new SocketException("relay closed");
        }
        try {
          out.write(buffer, 0, n);
          out.flush();
        } finally {
          exitWrite();
        }
      }
      // End of stream: pass the FIN on (half close), unless stalled.
      holdWhileStalled();
      to.shutdownOutput();
      pair.directionEnded();
    } catch (IOException e) {
      // A reset is held during a stall like any byte; cutAll and close reset directly.
      holdWhileStalled();
      pair.failed();
    }
  }

  /** Waits at the gate while stalled; false if the relay closed meanwhile. */
  private boolean enterWrite() {
    synchronized (gate) {
      if (!awaitOpen()) {
        return false;
      }
      writing++;
      return true;
    }
  }

  private void exitWrite() {
    synchronized (gate) {
      writing--;
      gate.notifyAll();
    }
  }

  private void holdWhileStalled() {
    synchronized (gate) {
      awaitOpen();
    }
  }

  /** Caller holds {@link #gate}. False if the relay closed (or the thread was interrupted). */
  private boolean awaitOpen() {
    while (stalled && !closed) {
      try {
        gate.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !closed;
  }

  private void reset(Socket s) {
    sockets.remove(s);
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0);
      }
    } catch (SocketException ignored) {
      // already gone
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public String toString() {
    return "TcpRelay["
        + uri()
        + " -> "
        + targetHost
        + ":"
        + targetPort
        + (isStalled() ? ", stalled" : "")
        + "]";
  }
}
