package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cache holds what a method threw (JCache's exceptionCacheName, Spring's exception caches): JDK
 * exceptions need no configuration, an application's own are allowed as any class, and another node
 * reads message, cause, stack trace and suppressed exceptions back from Redis.
 */
class ThrowableValuesTest {
  /** Allowed by the fixture's codec.allow (dev.nearcache.jcache.**). */
  static final class PaymentDeclined extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    PaymentDeclined(int code, Throwable cause) {
      super("payment declined: " + code, cause);
      this.code = code;
    }
  }

  static RedisFixture redis;
  static CacheManager nodeA;
  static CacheManager nodeB;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    nodeA = redis.newNode("a");
    nodeB = redis.newNode("b");
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @Test
  void anotherNodeReadsTheExceptionWithItsCauseStackTraceAndSuppressed() {
    MutableConfiguration<String, Throwable> config =
        new MutableConfiguration<String, Throwable>().setTypes(String.class, Throwable.class);
    Cache<String, Throwable> a = nodeA.createCache("failures", config);
    Cache<String, Throwable> b = nodeB.createCache("failures", config);
    IllegalStateException jdk =
        new IllegalStateException(
            "import failed", new UncheckedIOException(new IOException("disk")));
    jdk.addSuppressed(new IllegalArgumentException("closing failed"));
    PaymentDeclined own =
        new PaymentDeclined(51, new java.util.concurrent.TimeoutException("gateway"));

    a.put("jdk", jdk);
    a.put("own", own);

    for (Cache<String, Throwable> cache : java.util.List.of(a, b)) {
      IllegalStateException read = assertInstanceOf(IllegalStateException.class, cache.get("jdk"));
      assertEquals("import failed", read.getMessage());
      assertEquals("disk", read.getCause().getCause().getMessage());
      assertArrayEquals(jdk.getStackTrace(), read.getStackTrace());
      assertEquals("closing failed", read.getSuppressed()[0].getMessage());
      PaymentDeclined declined = assertInstanceOf(PaymentDeclined.class, cache.get("own"));
      assertEquals(51, declined.code);
      assertEquals("gateway", declined.getCause().getMessage());
      assertArrayEquals(own.getStackTrace(), declined.getStackTrace());
    }
  }
}
