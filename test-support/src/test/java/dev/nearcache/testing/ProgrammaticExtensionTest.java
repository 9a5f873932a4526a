package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProgrammaticExtensionTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension("--maxmemory", "5mb");

  @Test
  void startsWithTheConstructorArgs() {
    RedisServer redis = REDIS.server();
    assertTrue(redis.isRunning());
    try (RespClient client = redis.client()) {
      List<Object> reply = RespClient.asList(client.call("CONFIG", "GET", "maxmemory"));
      assertEquals(Long.toString(5L * 1024 * 1024), reply.get(1));
    }
  }
}
