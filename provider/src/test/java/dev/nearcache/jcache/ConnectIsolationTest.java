package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A manager whose server accepts connections but never answers (a hung proxy) blocks only the
 * callers of its own URI while it connects: another URI's {@code getCacheManager} returns at once.
 */
@Timeout(60)
class ConnectIsolationTest {

  /** Accepts connections and holds them, answering nothing. */
  static final class SilentServer implements AutoCloseable {
    final ServerSocket socket;
    final List<Socket> held = new ArrayList<>();
    final Thread acceptor;

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                try {
                  while (!socket.isClosed()) {
                    Socket s = socket.accept();
                    synchronized (held) {
                      held.add(s);
                    }
                  }
                } catch (IOException closed) {
                  // closed: done
                }
              },
              "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void aServerThatNeverAnswersHoldsUpOnlyItsOwnUri() throws Exception {
    NearCachingProvider provider = new NearCachingProvider();
    try (RedisFixture redis = new RedisFixture();
        SilentServer silent = new SilentServer()) {
      Properties hung = new Properties();
      hung.setProperty(
          "redis.address",
          "redis://"
              + InetAddress.getLoopbackAddress().getHostAddress()
              + ":"
              + silent.socket.getLocalPort());
      hung.setProperty("redis.connect-timeout", "4s");
      hung.setProperty("redis.timeout", "4s");
      CompletableFuture<CacheManager> stuck =
          CompletableFuture.supplyAsync(
              () ->
                  provider.getCacheManager(
                      URI.create("urn:hung"), ConnectIsolationTest.class.getClassLoader(), hung));
      Thread.sleep(300); // the hung manager is connecting now

      long start = System.nanoTime();
      CacheManager other =
          provider.getCacheManager(
              URI.create("urn:answering"),
              ConnectIsolationTest.class.getClassLoader(),
              redis.properties());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(!stuck.isDone(), "the hung manager is still connecting");
      assertTrue(millis < 3000, "another URI waited " + millis + " ms for the hung one");
      assertSame(
          other,
          provider.getCacheManager(
              URI.create("urn:answering"),
              ConnectIsolationTest.class.getClassLoader(),
              redis.properties()),
          "one manager per URI still");

      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> stuck.get(30, TimeUnit.SECONDS));
      assertTrue(
          failed.getCause() instanceof javax.cache.CacheException,
          String.valueOf(failed.getCause()));
    } finally {
      provider.close();
    }
  }
}
