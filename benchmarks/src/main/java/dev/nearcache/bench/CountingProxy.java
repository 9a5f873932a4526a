package dev.nearcache.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of Redis that counts, over all connections, the client's <b>round
 * trips</b> (a request sent after the connection's previous reply arrived: one per single-key
 * operation; one per pipelined batch unless Redis starts answering before the client has finished
 * sending it) and its <b>top-level commands</b> (RESP arrays from the client: commands run inside a
 * Lua script are not among them). Used only to count, never to time.
 */
final class CountingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final AtomicLong roundTrips = new AtomicLong();
  private final AtomicLong commands = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  CountingProxy(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "counting-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String uri() {
    return "redis://127.0.0.1:" + server.getLocalPort();
  }

  long roundTrips() {
    return roundTrips.get();
  }

  long commands() {
    return commands.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        Socket upstream = new Socket();
        upstream.setTcpNoDelay(true);
        upstream.connect(target, 5_000);
        sockets.add(client);
        sockets.add(upstream);
        Connection c = new Connection();
        start(() -> pump(client, upstream, c, true), "counting-proxy-up");
        start(() -> pump(upstream, client, c, false), "counting-proxy-down");
      } catch (IOException e) {
        if (!closed) {
          System.err.println("[bench] proxy: " + e);
        }
      }
    }
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** Per connection: whether the client is waiting to send its next request, and a RESP reader. */
  private static final class Connection {
    volatile boolean replied = true;
    final RespCounter resp = new RespCounter();
  }

  private void pump(Socket from, Socket to, Connection c, boolean request) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (request) {
          if (c.replied) {
            c.replied = false;
            roundTrips.incrementAndGet();
          }
          commands.addAndGet(c.resp.feed(buffer, n));
        } else {
          c.replied = true;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // connection closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /** Counts complete top-level RESP arrays of bulk strings in a client's request stream. */
  static final class RespCounter {
    private static final int ARRAY_HEADER = 0;
    private static final int BULK_HEADER = 1;
    private static final int BULK_BODY = 2;
    private int state = ARRAY_HEADER;
    private long number;
    private boolean inNumber;
    private long elementsLeft;
    private long bodyLeft;

    /** Feeds bytes; returns how many commands completed. */
    int feed(byte[] b, int n) {
      int completed = 0;
      for (int i = 0; i < n; i++) {
        byte x = b[i];
        switch (state) {
          case ARRAY_HEADER, BULK_HEADER -> {
            if (x == '*' || x == '$') {
              inNumber = true;
              number = 0;
            } else if (x == '\r') {
              // wait for \n
            } else if (x == '\n') {
              if (!inNumber) {
                continue;
              }
              inNumber = false;
              if (state == ARRAY_HEADER) {
                elementsLeft = number;
                if (elementsLeft <= 0) {
                  completed++;
                } else {
                  state = BULK_HEADER;
                }
              } else {
                bodyLeft = number + 2; // data and its CRLF
                state = BULK_BODY;
              }
            } else if (inNumber && x >= '0' && x <= '9') {
              number = number * 10 + (x - '0');
            }
          }
          case BULK_BODY -> {
            long take = Math.min(bodyLeft, n - i);
            bodyLeft -= take;
            i += (int) take - 1;
            if (bodyLeft == 0) {
              elementsLeft--;
              if (elementsLeft == 0) {
                completed++;
                state = ARRAY_HEADER;
              } else {
                state = BULK_HEADER;
              }
            }
          }
          default -> throw new IllegalStateException();
        }
      }
      return completed;
    }
  }
}
