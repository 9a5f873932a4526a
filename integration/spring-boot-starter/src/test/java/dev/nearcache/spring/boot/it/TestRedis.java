package dev.nearcache.spring.boot.it;

import dev.nearcache.testing.RedisServer;

/** One redis-server for the test JVM, shared by the test classes; stopped when the JVM exits. */
final class TestRedis {
  private static RedisServer server;

  private TestRedis() {}

  static synchronized RedisServer server() {
    if (server == null) {
      server = RedisServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }

  static String uri() {
    return server().uri();
  }
}
