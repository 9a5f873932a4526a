package dev.nearcache.jcache;

import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;

/** Starts a real redis-server for a test class and makes cache managers (nodes) that use it. */
final class RedisFixture implements AutoCloseable {
  private final RedisServer server;

  RedisFixture() {
    this.server = RedisServer.start();
  }

  RedisServer server() {
    return server;
  }

  Properties properties() {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    p.setProperty("codec.allow", "dev.nearcache.jcache.**");
    return p;
  }

  /** A node: its own provider instance, so its own manager and its own Redis connections. */
  CacheManager newNode(String name) {
    return new NearCachingProvider()
        .getCacheManager(URI.create("urn:test-" + name), getClass().getClassLoader(), properties());
  }

  @Override
  public void close() {
    server.close();
  }
}
