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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between clients and one server, for fault tests: it forwards bytes both ways until
 * told to {@linkplain #stall() stall}, and then holds every byte of every connection, current and
 * new, without closing any socket — what a network partition, a hung load balancer or a frozen
 * VM does. Nothing errors: the client's writes succeed into its socket buffer, its reads just
 * wait. {@linkplain #release() Released}, the held bytes go on in order, so a command sent during
 * the stall reaches the server late, exactly as it would in production. {@link #cutAll()} resets
 * every connection instead.
 */
public final class TcpRelay implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();
  private boolean stalled;
  private volatile boolean closed;

  private TcpRelay(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-relay-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
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
    return "redis://" + listener.getInetAddress().getHostAddress() + ":" + port();
  }

  /** Connections accepted so far. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** From now on no byte goes through, either way, on any connection; nothing is closed. */
  public void stall() {
    synchronized (gate) {
      stalled = true;
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

  /** Resets every current connection (both sides see the connection drop). */
  public void cutAll() {
    for (Socket s : sockets) {
      reset(s);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closed = true;
    release();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing
    }
    cutAll();
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
      Socket server = new Socket();
      try {
        server.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
      } catch (IOException e) {
        reset(client);
        reset(server);
        continue;
      }
      sockets.add(client);
      sockets.add(server);
      pump(client, server, "up");
      pump(server, client, "down");
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[CHUNK];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitOpen();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // a side closed or was reset: close the other too
      } finally {
        reset(from);
        reset(to);
      }
    }, "tcp-relay-" + direction + "-" + from.getPort());
    t.setDaemon(true);
    t.start();
  }

  /** Blocks while stalled: the bytes just read are held here, in order, until release. */
  private void awaitOpen() throws InterruptedException {
    synchronized (gate) {
      while (stalled && !closed) {
        gate.wait();
      }
    }
  }

  private static void reset(Socket s) {
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

  @Override
  public String toString() {
    return "TcpRelay[" + uri() + " -> " + targetHost + ":" + targetPort + (isStalled() ? ", stalled" : "") + "]";
  }
}
