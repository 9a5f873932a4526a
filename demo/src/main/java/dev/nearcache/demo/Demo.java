package dev.nearcache.demo;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RedisServer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessor;
import javax.cache.spi.CachingProvider;

/**
 * Two JCache "nodes" over one Redis. Usage: {@code Demo [redis://host:port]}; without an argument
 * it uses {@code NEARCACHE_REDIS_URI}, and without that it starts a redis-server of its own.
 *
 * <pre>mvn -q -pl demo -am -DskipTests package exec:java [-Dexec.args=redis://127.0.0.1:6379]</pre>
 */
public final class Demo {
  static final String PROVIDER = "dev.nearcache.jcache.NearCachingProvider";
  static final String CACHE = "demo-greetings";
  static final long EXPIRY_SECONDS = 3;

  private Demo() {}

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : System.getenv("NEARCACHE_REDIS_URI");
    RedisServer ownRedis = null;
    if (uri == null || uri.isBlank()) {
      ownRedis = RedisServer.start();
      uri = ownRedis.uri();
      say("redis", "started " + ownRedis.binary() + " at " + uri);
    } else {
      say("redis", "using " + uri);
    }
    try {
      run(uri);
    } finally {
      if (ownRedis != null) {
        ownRedis.close();
        say("redis", "stopped");
      }
    }
  }

  static void run(String uri) throws InterruptedException {
    Properties properties = new Properties();
    properties.setProperty("redis.address", uri);
    ClassLoader loader = Demo.class.getClassLoader();

    // Node 1: the provider as any application finds it.
    CachingProvider provider1 = Caching.getCachingProvider(PROVIDER);
    // Node 2: a second provider instance, so its own CacheManager and Redis connections.
    CachingProvider provider2 = new NearCachingProvider();
    try {
      CacheManager node1 = provider1.getCacheManager(provider1.getDefaultURI(), loader, properties);
      MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, EXPIRY_SECONDS)))
          .setStatisticsEnabled(true);
      Cache<String, String> cache1 = cacheOn(node1, config);
      cache1.clear();
      say("node 1", "cache '" + CACHE + "' on " + node1.getURI() + ", entries expire " + EXPIRY_SECONDS
          + " s after creation");

      cache1.put("greeting", "hello");
      say("node 1", "put(greeting, hello)");
      say("node 1", "get(greeting) -> " + cache1.get("greeting"));
      say("node 1", "putIfAbsent(greeting, hi) -> " + cache1.putIfAbsent("greeting", "hi"));
      say("node 1", "putIfAbsent(farewell, bye) -> " + cache1.putIfAbsent("farewell", "bye"));
      say("node 1", "replace(greeting, hello, hello world) -> " + cache1.replace("greeting", "hello", "hello world"));
      Set<String> keys = new LinkedHashSet<>(List.of("greeting", "farewell", "missing"));
      Map<String, String> all = cache1.getAll(keys);
      say("node 1", "getAll(" + keys + ") -> " + all);
      say("node 1", "remove(farewell) -> " + cache1.remove("farewell"));
      EntryProcessor<String, String, Integer> countVisit = (entry, arguments) -> {
        int visits = entry.exists() ? Integer.parseInt(entry.getValue()) + 1 : 1;
        entry.setValue(Integer.toString(visits));
        return visits;
      };
      say("node 1", "invoke(visits, count a visit) -> " + cache1.invoke("visits", countVisit));
      say("node 1", "invoke(visits, count a visit) -> " + cache1.invoke("visits", countVisit));

      CacheManager node2 = provider2.getCacheManager(provider2.getDefaultURI(), loader, properties);
      Cache<String, String> cache2 = cacheOn(node2, config);
      say("node 2", "get(greeting) -> " + cache2.get("greeting") + "   (written by node 1)");
      say("node 2", "get(visits) -> " + cache2.get("visits"));

      cache2.put("greeting", "hi from node 2");
      say("node 2", "put(greeting, hi from node 2)");
      long start = System.nanoTime();
      String seen = awaitValue(cache1, "greeting", "hi from node 2", 2_000);
      say("node 1", "get(greeting) -> " + seen + "   (node 2's write, seen after "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms)");
      if (!"hi from node 2".equals(seen)) {
        throw new IllegalStateException("node 1 never saw node 2's write");
      }

      say("node 2", "waiting for the " + EXPIRY_SECONDS + " s created-expiry...");
      String expired = awaitValue(cache2, "greeting", null, (EXPIRY_SECONDS + 5) * 1_000);
      say("node 2", "get(greeting) -> " + expired);
      say("node 1", "get(greeting) -> " + cache1.get("greeting"));
      if (expired != null) {
        throw new IllegalStateException("greeting did not expire");
      }

      node1.destroyCache(CACHE);
      say("node 1", "destroyed cache '" + CACHE + "'");
    } finally {
      provider2.close();
      provider1.close();
    }
    say("demo", "done");
  }

  private static Cache<String, String> cacheOn(CacheManager manager, MutableConfiguration<String, String> config) {
    Cache<String, String> cache = manager.getCache(CACHE, String.class, String.class);
    if (cache != null) {
      return cache;
    }
    try {
      return manager.createCache(CACHE, config);
    } catch (CacheException createdMeanwhile) {
      cache = manager.getCache(CACHE, String.class, String.class);
      if (cache == null) {
        throw createdMeanwhile;
      }
      return cache;
    }
  }

  /** Reads {@code key} until it equals {@code expected} (or the time is up); returns the last value. */
  private static String awaitValue(Cache<String, String> cache, String key, String expected, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    String value = cache.get(key);
    while (!Objects.equals(value, expected) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      value = cache.get(key);
    }
    return value;
  }

  private static void say(String who, String what) {
    System.out.printf("%-7s %s%n", who, what);
  }
}
