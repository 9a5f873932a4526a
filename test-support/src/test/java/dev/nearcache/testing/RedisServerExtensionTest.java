package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
@RedisServerArgs({"--requirepass", "pw"})
class RedisServerExtensionTest {
  static RedisServer staticField;
  static RedisServer seenInBeforeAll;
  RedisServer instanceField;

  @BeforeAll
  static void before(RedisServer parameter) {
    assertNotNull(staticField, "static field injected before @BeforeAll");
    assertSame(staticField, parameter);
    seenInBeforeAll = parameter;
  }

  @AfterAll
  static void after() {
    // The extension's afterAll runs after this one: still running here.
    assertTrue(staticField.isRunning());
  }

  @Test
  void injectsTheSameServerEverywhere(RedisServer parameter) {
    assertSame(staticField, parameter);
    assertSame(staticField, instanceField);
    assertSame(seenInBeforeAll, parameter);
    assertTrue(parameter.isRunning());
  }

  @Test
  void appliesTheArgsAnnotation(RedisServer redis) {
    assertEquals("pw", redis.password());
    try (RespClient client = redis.client()) {
      assertEquals("PONG", client.ping());
    }
    try (RespClient anonymous = new RespClient(redis.host(), redis.port())) {
      assertThrows(RespClient.RedisErrorException.class, () -> anonymous.call("DBSIZE"));
    }
  }

  @Nested
  class NestedTests {
    @Test
    void sharesTheOuterServer(RedisServer parameter) {
      assertSame(staticField, parameter);
    }
  }
}
