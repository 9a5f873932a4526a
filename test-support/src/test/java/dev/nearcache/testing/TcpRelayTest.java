package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TcpRelay} against a real redis-server: what goes through, what a stall holds (both ways,
 * without closing, in order, nothing lost) and what a cut does.
 */
@Timeout(60)
class TcpRelayTest {
  /** "No reply" means none within this; a reply through an open relay takes well under 1 ms. */
  static final int QUIET_MILLIS = 300;

  /** How long a held reply may take to arrive once released (generous for a loaded machine). */
  static final int ARRIVAL_MILLIS = 10_000;

  static RedisServer redis;
  RespClient admin;
  TcpRelay relay;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    admin = redis.client();
    admin.flushAll();
    relay = TcpRelay.to(redis);
  }

  @AfterEach
  void tearDown() {
    relay.close();
    admin.close();
  }

  @Test
  void forwardsCommandsAndCountsConnections() {
    assertEquals("redis://127.0.0.1:" + relay.port(), relay.uri());
    assertEquals(0, relay.acceptedConnections());
    try (RespClient c = new RespClient(RedisServer.HOST, relay.port())) {
      assertEquals("PONG", c.ping());
      assertEquals("OK", c.call("SET", "k", "v"));
      assertEquals("v", admin.call("GET", "k"));
    }
    try (RespClient c = new RespClient(RedisServer.HOST, relay.port())) {
      assertEquals("v", c.call("GET", "k"));
    }
    assertEquals(2, relay.acceptedConnections());
  }

  @Test
  void aCommandSentDuringAStallRunsLateAndItsReplyArrivesAfterRelease() throws IOException {
    try (Raw c = new Raw(relay.port())) {
      c.send("PING");
      assertEquals("PONG", c.reply(ARRIVAL_MILLIS));

      relay.stall();
      assertTrue(relay.isStalled());
      c.send("SET", "k", "during-stall");
      assertNoReply(c);
      assertFalse(c.socket.isClosed());
      assertNull(admin.call("GET", "k"), "the command reached Redis during the stall");

      relay.release();
      assertEquals("OK", c.reply(ARRIVAL_MILLIS));
      assertEquals("during-stall", admin.call("GET", "k"));
      c.send("GET", "k");
      assertEquals("during-stall", c.reply(ARRIVAL_MILLIS));
    }
  }

  /** The server-to-client direction is held on its own: a message published meanwhile waits. */
  @Test
  void aStallHoldsWhatTheServerSends() throws IOException {
    try (Raw subscriber = new Raw(relay.port())) {
      subscriber.send("SUBSCRIBE", "ch");
      assertEquals(List.of("subscribe", "ch", 1L), subscriber.reply(ARRIVAL_MILLIS));

      relay.stall();
      assertEquals(
          1L, admin.call("PUBLISH", "ch", "held"), "the subscription is still open in Redis");
      assertNoReply(subscriber);

      relay.release();
      assertEquals(List.of("message", "ch", "held"), subscriber.reply(ARRIVAL_MILLIS));
    }
  }

  @Test
  void aConnectionMadeDuringAStallIsAcceptedButStalled() throws IOException {
    relay.stall();
    try (Raw c = new Raw(relay.port())) {
      assertTrue(c.socket.isConnected());
      c.send("PING");
      assertNoReply(c);
      assertEquals(1, relay.acceptedConnections());

      relay.release();
      assertEquals("PONG", c.reply(ARRIVAL_MILLIS));
    }
  }

  /**
   * Megabytes sent during a stall, more than the relay holds in memory and the kernel's buffers
   * take: the writer blocks (as against a real partition), and after release every command runs
   * once, in the order sent.
   */
  @Test
  void nothingHeldIsLostOrReordered() throws Exception {
    int commands = 2_000;
    String pad = "x".repeat(8_000); // 16 MB in all
    try (Raw c = new Raw(relay.port())) {
      c.send("PING");
      assertEquals("PONG", c.reply(ARRIVAL_MILLIS));
      relay.stall();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < commands; i++) {
                  c.sendUnchecked("RPUSH", "list", i + ":" + pad);
                }
              });
      TimeUnit.MILLISECONDS.sleep(QUIET_MILLIS);
      assertEquals(0L, admin.call("LLEN", "list"), "a command reached Redis during the stall");
      assertFalse(
          writer.isDone(),
          "16 MB went into buffers without blocking the writer: the relay read without holding");

      relay.release();
      writer.get(ARRIVAL_MILLIS, TimeUnit.MILLISECONDS);
      for (int i = 1; i <= commands; i++) {
        assertEquals((long) i, c.reply(ARRIVAL_MILLIS));
      }
      List<Object> stored = RespClient.asList(admin.call("LRANGE", "list", "0", "-1"));
      assertEquals(commands, stored.size());
      for (int i = 0; i < commands; i++) {
        assertEquals(i + ":" + pad, stored.get(i), "element " + i);
      }
    }
  }

  @Test
  void cutAllClosesTheClientsConnectionAndTheServers() {
    long before = connectedClients();
    RespClient c = new RespClient(RedisServer.HOST, relay.port());
    try {
      assertEquals("PONG", c.ping());
      assertEquals(before + 1, connectedClients());
      relay.cutAll();
      assertThrows(UncheckedIOException.class, c::ping);
      awaitConnectedClients(before);
    } finally {
      c.close();
    }
    try (RespClient again = new RespClient(RedisServer.HOST, relay.port())) {
      assertEquals("PONG", again.ping(), "the relay accepts new connections after a cut");
    }
  }

  @Test
  void cutAllDuringAStallClosesAtOnce() throws IOException {
    try (Raw c = new Raw(relay.port())) {
      c.send("PING");
      assertEquals("PONG", c.reply(ARRIVAL_MILLIS));
      relay.stall();
      c.send("PING");
      relay.cutAll();
      IOException e = assertThrows(IOException.class, () -> c.reply(ARRIVAL_MILLIS));
      assertFalse(e instanceof SocketTimeoutException, "the connection stayed open: " + e);
    }
  }

  /**
   * A server that closes after replying (QUIT): its last bytes arrive, then a clean end of stream.
   */
  @Test
  void aServerCloseIsPassedOnAfterItsLastBytes() throws IOException {
    try (Raw c = new Raw(relay.port())) {
      c.send("QUIT");
      assertEquals("OK", c.reply(ARRIVAL_MILLIS));
      assertThrows(EOFException.class, () -> c.reply(ARRIVAL_MILLIS));
    }
  }

  @Test
  void closeStopsAccepting() {
    int port = relay.port();
    relay.close();
    assertThrows(
        UncheckedIOException.class, () -> new RespClient(RedisServer.HOST, port, 2_000).ping());
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertNoReply(Raw c) throws IOException {
    try {
      Object reply = c.reply(QUIET_MILLIS);
      fail("a reply came through a stalled relay: " + reply);
    } catch (SocketTimeoutException expected) {
      // nothing arrived, and the socket is still open
      assertFalse(c.socket.isClosed());
    }
  }

  private long connectedClients() {
    return Long.parseLong(admin.info("clients").get("connected_clients"));
  }

  private void awaitConnectedClients(long expected) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARRIVAL_MILLIS);
    while (connectedClients() != expected) {
      if (System.nanoTime() > deadline) {
        fail("Redis still has " + connectedClients() + " clients, expected " + expected);
      }
      Thread.onSpinWait();
    }
  }

  /**
   * A raw RESP connection whose sending and receiving are separate calls with a timeout per read,
   * which {@link RespClient} (one call = send + wait) cannot express: a command is sent into a
   * stall, and its reply read later.
   */
  static final class Raw implements AutoCloseable {
    final Socket socket = new Socket();
    final InputStream in;
    final OutputStream out;

    // 127.0.0.1, not getLoopbackAddress(): the servers bind IPv4 loopback, which that may not be
    // (::1).
    @SuppressWarnings("AddressSelection")
    Raw(int port) throws IOException {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(RedisServer.HOST, port), 5_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(String... args) throws IOException {
      StringBuilder b = new StringBuilder().append('*').append(args.length).append("\r\n");
      for (String a : args) {
        b.append('$')
            .append(a.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append(a)
            .append("\r\n");
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void sendUnchecked(String... args) {
      try {
        send(args);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * One reply (simple strings, errors as "-...", integers, bulk strings, arrays), waiting at most
     * {@code timeoutMillis} per read.
     */
    Object reply(int timeoutMillis) throws IOException {
      socket.setSoTimeout(timeoutMillis);
      String line = line();
      char type = line.charAt(0);
      String rest = line.substring(1);
      return switch (type) {
        case '+', '-' -> type == '+' ? rest : line;
        case ':' -> Long.parseLong(rest);
        case '$' -> {
          if (Integer.parseInt(rest) < 0) {
            yield null;
          }
          yield line();
        }
        case '*' -> {
          List<Object> items = new ArrayList<>();
          for (int i = Integer.parseInt(rest); i > 0; i--) {
            items.add(reply(timeoutMillis));
          }
          yield items;
        }
        default -> throw new IOException("unexpected reply: " + line);
      };
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new EOFException("end of stream");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
