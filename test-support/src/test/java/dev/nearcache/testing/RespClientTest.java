package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RespClientTest {
  static RedisServer redis;
  RespClient client;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void connect() {
    client = redis.client();
    client.flushAll();
  }

  @Test
  void decodesEveryReplyType() {
    assertEquals("OK", client.call("SET", "k", "v\r\nwith crlf and ünïcode"));
    assertEquals("v\r\nwith crlf and ünïcode", client.call("GET", "k"));
    assertNull(client.call("GET", "missing"));
    assertEquals(5L, client.call("INCRBY", "n", "5"));
    client.call("RPUSH", "list", "a", "b", "c");
    assertEquals(List.of("a", "b", "c"), client.call("LRANGE", "list", "0", "-1"));
    assertEquals("a\nb\nc", client.command("LRANGE", "list", "0", "-1"));
    assertEquals(List.of(), client.call("LRANGE", "none", "0", "-1"));
    assertEquals("", client.call("ECHO", ""));
    assertEquals(
        List.of(1L, List.of("x", "y"), "ok"),
        client.call("EVAL", "return {1, {'x', 'y'}, 'ok'}", "0"));
  }

  @Test
  void errorsAreExceptionsAndTheConnectionStaysUsable() {
    client.call("SET", "k", "v");
    RespClient.RedisErrorException e =
        assertThrows(RespClient.RedisErrorException.class, () -> client.call("INCR", "k"));
    assertEquals("ERR", e.code());
    assertThrows(RespClient.RedisErrorException.class, () -> client.call("NOSUCHCOMMAND"));
    assertEquals("PONG", client.ping());
  }

  @Test
  void resp3Replies() {
    Object hello = client.call("HELLO", "3");
    assertTrue(
        hello instanceof Map<?, ?> map && "redis".equals(map.get("server")), String.valueOf(hello));
    client.call("HSET", "h", "f", "1");
    assertEquals(Map.of("f", "1"), client.call("HGETALL", "h"));
    assertNull(client.call("GET", "missing"));
    assertEquals(
        2.5,
        client.call("INCRBYFLOAT", "fl", "2.5") instanceof String s ? Double.parseDouble(s) : null);
    client.call("HELLO", "2");
  }

  @Test
  void statsDbSizeFlushAndClientKill() {
    assertEquals("OK", client.command("CONFIG", "RESETSTAT"));
    client.call("SET", "a", "1");
    client.call("SET", "b", "2");
    client.call("GET", "a");
    assertEquals(2L, client.commandCalls("set"));
    assertEquals(1L, client.commandCalls("GET"));
    assertEquals(0L, client.commandCalls("del"));
    assertTrue(client.info("server").containsKey("redis_version"));
    assertEquals(2L, client.dbSize());
    client.flushAll();
    assertEquals(0L, client.dbSize());

    try (RespClient victim = redis.client()) {
      long id = victim.clientId();
      assertEquals(1L, client.call("CLIENT", "KILL", "ID", Long.toString(id)));
      assertThrows(UncheckedIOException.class, () -> victim.call("PING"));
    }
  }

  @Test
  void connectingToNothingFailsClearly() {
    int port = redis.port();
    try (RedisServer other = RedisServer.start()) {
      port = other.port();
    }
    int dead = port;
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> new RespClient("127.0.0.1", dead));
    assertTrue(e.getMessage().contains(Integer.toString(dead)));
  }
}
