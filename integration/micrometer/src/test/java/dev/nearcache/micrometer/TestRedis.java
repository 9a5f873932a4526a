package dev.nearcache.micrometer;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;

/** A real redis-server for a test class, and cache managers (nodes) on it. */
final class TestRedis implements AutoCloseable {
  private final RedisServer server = RedisServer.start();

  String uri() {
    return server.uri();
  }

  Properties properties() {
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    return p;
  }

  /** A node: its own provider, so its own manager and its own Redis connections. */
  CacheManager node(String name) {
    return node(name, properties());
  }

  CacheManager node(String name, Properties properties) {
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:micrometer-" + name), TestRedis.class.getClassLoader(), properties);
  }

  @Override
  public void close() {
    server.close();
  }
}
