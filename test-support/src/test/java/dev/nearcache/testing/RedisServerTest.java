package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  @Test
  void startsOnALoopbackPortAndAnswersPing() {
    try (RedisServer redis = RedisServer.start();
        RespClient client = redis.client()) {
      assertTrue(redis.isRunning());
      assertTrue(redis.port() > 0);
      assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri());
      assertEquals("PONG", client.ping());
      assertEquals("127.0.0.1", configGet(client, "bind"));
      assertEquals("", configGet(client, "save"));
      assertEquals("no", configGet(client, "appendonly"));
      assertEquals("yes", configGet(client, "protected-mode"));
      assertEquals(Integer.toString(redis.port()), configGet(client, "port"));
      assertTrue(redis.log().contains("Ready to accept connections"), redis.log());
    }
  }

  @Test
  void twoServersGetTwoPorts() {
    try (RedisServer a = RedisServer.start();
        RedisServer b = RedisServer.start()) {
      assertNotEquals(a.port(), b.port());
      try (RespClient ca = a.client();
          RespClient cb = b.client()) {
        ca.call("SET", "k", "a");
        assertNull(cb.call("GET", "k"));
      }
    }
  }

  @Test
  void closeReallyKillsTheProcessAndFreesThePort() throws Exception {
    RedisServer redis = RedisServer.start();
    long pid = redis.pid();
    int port = redis.port();
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    assertTrue(handle.isPresent() && handle.get().isAlive());

    redis.close();

    assertFalse(redis.isRunning());
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "process " + pid + " still alive");
    assertFalse(accepts(port), "port " + port + " still accepts connections");
    redis.close(); // idempotent
    assertThrows(IllegalStateException.class, redis::startAgain);
  }

  @Test
  void restartKeepsThePortAndStartsAFreshProcess() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      long pid = redis.pid();
      try (RespClient client = redis.client()) {
        client.call("SET", "k", "v");
        assertEquals(1L, client.dbSize());
      }
      RespClient stale = redis.client();

      redis.restart();

      assertEquals(port, redis.port());
      assertNotEquals(pid, redis.pid());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThrows(
          UncheckedIOException.class, () -> stale.call("PING"), "old connection must be dead");
      stale.close();
      try (RespClient client = redis.client()) {
        assertEquals("PONG", client.ping());
        assertEquals(0L, client.dbSize(), "nothing persisted across the restart");
      }
    }
  }

  @Test
  void stopThenStartAgainAndKill() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      redis.stop();
      assertFalse(redis.isRunning());
      assertFalse(accepts(port));
      redis.startAgain();
      assertTrue(redis.isRunning());
      assertEquals(port, redis.port());
      long pid = redis.pid();
      redis.kill();
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      redis.startAgain();
      try (RespClient client = redis.client()) {
        assertEquals("PONG", client.ping());
      }
    }
  }

  @Test
  void extraArgsReachTheServer() {
    try (RedisServer redis =
        RedisServer.start(
            "--requirepass",
            "s3cret",
            "--enable-debug-command",
            "yes",
            "--user",
            "alice",
            "on",
            ">alicepw",
            "~*",
            "&*",
            "+@all")) {
      assertEquals("s3cret", redis.password());
      try (RespClient anonymous = new RespClient(redis.host(), redis.port())) {
        RespClient.RedisErrorException e =
            assertThrows(RespClient.RedisErrorException.class, () -> anonymous.call("GET", "x"));
        assertEquals("NOAUTH", e.code());
        assertThrows(RespClient.RedisErrorException.class, () -> anonymous.auth("wrong"));
        anonymous.auth("s3cret");
        assertEquals("PONG", anonymous.ping());
      }
      try (RespClient client = redis.client()) { // authenticates by itself
        assertEquals("OK", client.command("DEBUG", "SLEEP", "0"));
      }
      try (RespClient alice = new RespClient(redis.host(), redis.port()).auth("alice", "alicepw")) {
        assertEquals("alice", alice.command("ACL", "WHOAMI"));
      }
    }
  }

  @Test
  void aServerWithOnlyAclUsersIsStillSeenAsReady() {
    try (RedisServer redis =
        RedisServer.start(
            "--user", "default", "off", "--user", "bob", "on", ">bobpw", "~*", "+@all")) {
      assertTrue(redis.isRunning());
      try (RespClient bob = new RespClient(redis.host(), redis.port()).auth("bob", "bobpw")) {
        assertEquals("bob", bob.command("ACL", "WHOAMI"));
      }
    }
  }

  @Test
  void badArgsFailFastWithTheServerLog() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> RedisServer.start("--no-such-directive", "1"));
    assertTrue(e.getMessage().contains("exited"), e.getMessage());
    assertTrue(e.getMessage().contains("no-such-directive"), e.getMessage());
  }

  @Test
  void aFixedPortThatIsTakenFailsClearly() throws IOException {
    try (RedisServer first = RedisServer.start()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  RedisServer.builder()
                      .port(first.port())
                      .startTimeout(Duration.ofSeconds(5))
                      .start());
      assertTrue(e.getMessage().contains("--- log ---"), e.getMessage());
    }
  }

  @Test
  void theBinaryShippedInsideEmbeddedRedisWorks() throws IOException {
    Path binary = RedisServer.embeddedBinary();
    assertTrue(Files.isExecutable(binary), binary.toString());
    assertEquals(binary, RedisServer.embeddedBinary(), "extracted once");
    try (RedisServer redis = RedisServer.builder().binary(binary).start();
        RespClient client = redis.client()) {
      assertEquals(binary, redis.binary());
      assertEquals("PONG", client.ping());
      assertTrue(client.info("server").get("redis_version").startsWith("7."));
    }
  }

  @Test
  void commandLineHasTheDefaultsFirst() {
    try (RedisServer redis = RedisServer.start("--maxmemory", "10mb")) {
      List<String> cmd = redis.commandLine();
      assertEquals(
          List.of(
              "--port",
              Integer.toString(redis.port()),
              "--bind",
              "127.0.0.1",
              "--save",
              "",
              "--appendonly",
              "no",
              "--protected-mode",
              "yes",
              "--maxmemory",
              "10mb"),
          cmd.subList(1, cmd.size()));
      try (RespClient client = redis.client()) {
        assertEquals(Integer.toString(10 * 1024 * 1024), configGet(client, "maxmemory"));
      }
    }
  }

  static String configGet(RespClient client, String name) {
    List<Object> reply = RespClient.asList(client.call("CONFIG", "GET", name));
    return (String) reply.get(1);
  }

  // 127.0.0.1, not getLoopbackAddress(): the servers bind IPv4 loopback, which that may not be
  // (::1).
  @SuppressWarnings("AddressSelection")
  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
