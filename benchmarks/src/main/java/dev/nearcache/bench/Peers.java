package dev.nearcache.bench;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RBuckets;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * Opens the nodes of each peer. Every Redis client here is configured alike: one connection pool of
 * 16 (2 idle at start), 8 pub/sub connections (1 at start), Redisson's default Netty threads; these
 * are this provider's defaults too.
 */
public final class Peers {
  public static final String OUR_PROVIDER = "dev.nearcache.jcache.NearCachingProvider";
  public static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";
  public static final String CAFFEINE_PROVIDER =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  /** Cache (or map) names per peer in Redis. */
  public static final String OUR_CACHE = "bench";

  public static final String REDISSON_JCACHE_NAME = "bench-rjc";
  public static final String LOCAL_CACHED_MAP_NAME = "bench-rlcm";

  static final int WARM_THREADS = Integer.getInteger("bench.warmThreads", 16);

  private Peers() {}

  /** The settings a run uses for every node. */
  public record Settings(String redisUri, int localTierSize) {}

  /** Opens node {@code index} (1-based) of {@code peer}. */
  public static Node open(Peer peer, Settings settings, int index) {
    return switch (peer) {
      case NEAR_ON -> ours(settings, index, true, OUR_CACHE);
      case NEAR_OFF -> ours(settings, index, false, OUR_CACHE);
      case REDISSON_JCACHE -> redissonJCache(settings, index, REDISSON_JCACHE_NAME);
      case REDISSON_LOCAL_CACHED_MAP -> localCachedMap(settings, LOCAL_CACHED_MAP_NAME);
      case CAFFEINE_JCACHE -> caffeine(settings, index, "bench");
      case REDIS_GET -> raw(settings);
    };
  }

  public static Node[] openAll(Peer peer, Settings settings, int count) {
    Node[] nodes = new Node[count];
    try {
      for (int i = 0; i < count; i++) {
        nodes[i] = open(peer, settings, i + 1);
      }
    } catch (RuntimeException | Error e) {
      for (Node n : nodes) {
        if (n != null) {
          n.close();
        }
      }
      throw e;
    }
    return nodes;
  }

  // ------------------------------------------------------------------------------------- ours

  public static Node ours(Settings settings, int index, boolean near, String cacheName) {
    Properties props = new Properties();
    props.setProperty("redis.address", settings.redisUri());
    props.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    props.setProperty(
        "defaults.near-cache.maximum-size", Integer.toString(settings.localTierSize()));
    CachingProvider provider = new NearCachingProvider();
    CacheManager manager =
        provider.getCacheManager(
            URI.create("urn:bench-node-" + index),
            NearCachingProvider.class.getClassLoader(),
            props);
    Cache<String, String> cache =
        manager.createCache(
            cacheName,
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    if (near) {
      // Statistics stay off (the default), but the harness wants the near tier's read counters
      // (hit ratios, "is it a near hit yet" checks); hot reads turn them off again to measure the
      // default hit path.
      cache.unwrap(RedisCache.class).nearCacheMetrics().recordReads(true);
    }
    return new JCacheNode(
        cache,
        () -> {
          manager.close();
          provider.close();
        });
  }

  // -------------------------------------------------------------------------- Redisson's peers

  public static Config redissonConfig(Settings settings) {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(settings.redisUri())
        .setConnectionPoolSize(16)
        .setConnectionMinimumIdleSize(2)
        .setSubscriptionConnectionPoolSize(8)
        .setSubscriptionConnectionMinimumIdleSize(1);
    return config;
  }

  /**
   * Redisson's JCache provider on a Redisson client built from {@link #redissonConfig} (default
   * codec: Kryo 5).
   */
  public static Node redissonJCache(Settings settings, int index, String cacheName) {
    RedissonClient redisson = Redisson.create(redissonConfig(settings));
    try {
      CachingProvider provider = Caching.getCachingProvider(REDISSON_PROVIDER);
      CacheManager manager =
          provider.getCacheManager(
              URI.create("urn:rjc-node-" + index), provider.getDefaultClassLoader());
      Cache<String, String> cache =
          manager.createCache(
              cacheName,
              RedissonConfiguration.fromInstance(
                  redisson,
                  new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
      return new JCacheNode(
          cache,
          () -> {
            manager.close();
            redisson.shutdown();
          });
    } catch (RuntimeException | Error e) {
      redisson.shutdown();
      throw e;
    }
  }

  /**
   * Redisson's near cache: invalidation on change, LRU bounded at the same size as our near tier,
   * the local cache cleared on reconnection (the closest to our behaviour after a fault).
   */
  public static LocalCachedMapNode localCachedMap(Settings settings, String name) {
    RedissonClient redisson = Redisson.create(redissonConfig(settings));
    try {
      RLocalCachedMap<String, String> map =
          redisson.getLocalCachedMap(
              LocalCachedMapOptions.<String, String>name(name)
                  .cacheSize(settings.localTierSize())
                  .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                  .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
                  .reconnectionStrategy(LocalCachedMapOptions.ReconnectionStrategy.CLEAR));
      return new LocalCachedMapNode(redisson, map);
    } catch (RuntimeException | Error e) {
      redisson.shutdown();
      throw e;
    }
  }

  /** GET/SET (MGET/MSET for batches) of plain strings: the floor for anything that reads Redis. */
  public static Node raw(Settings settings) {
    return new RawNode(Redisson.create(redissonConfig(settings)));
  }

  // ---------------------------------------------------------------------------------- Caffeine

  public static Node caffeine(Settings settings, int index, String cacheName) {
    CachingProvider provider = Caching.getCachingProvider(CAFFEINE_PROVIDER);
    CacheManager manager =
        provider.getCacheManager(
            URI.create("urn:caffeine-node-" + index), provider.getDefaultClassLoader());
    CaffeineConfiguration<String, String> config = new CaffeineConfiguration<>();
    config.setTypes(String.class, String.class);
    config.setMaximumSize(OptionalLong.of(settings.localTierSize()));
    // JCache's default (and ours): store by value. Strings are immutable, so Caffeine's copier
    // hands them out as they are.
    config.setStoreByValue(true);
    Cache<String, String> cache = manager.createCache(cacheName, config);
    return new JCacheNode(cache, manager::close);
  }

  // ----------------------------------------------------------------------------------- loading

  /** Writes every key of {@code data} through {@code node} in batches of 1,000. */
  public static void load(Node node, Dataset data) {
    int n = data.keyCount();
    for (int from = 0; from < n; from += 1000) {
      int to = Math.min(n, from + 1000);
      String[] k = new String[to - from];
      String[] v = new String[to - from];
      for (int i = from; i < to; i++) {
        k[i - from] = data.key(i);
        v[i - from] = data.initialValue(i);
      }
      node.putAll(new KeyBatch(k, v));
    }
  }

  /**
   * Fills a local-only tier (Caffeine's JCache provider) key by key, each with its own copy of its
   * value created just before it is stored, as a service's loads create them (read-through, or a
   * put after computing the value). Our near tier holds what it decoded on each miss, one value
   * object per entry, allocated between that entry's map nodes. Loading the data set's few shared
   * value objects in one {@code putAll} instead gave the local-only peer 1,000 entries sharing 8
   * values, its map nodes packed together: a layout no loaded cache has, which made its hot reads
   * about 25% faster than the same reads over entries with their own 1 KiB values (findings 1).
   */
  public static void loadOwnCopies(Node node, Dataset data, int[] indexes) {
    for (int index : indexes) {
      node.put(data.key(index), ownCopy(data.initialValue(index)));
    }
  }

  /**
   * A String equal to {@code value} with its own character array (new String(String) shares it).
   */
  static String ownCopy(String value) {
    return new String(value.toCharArray());
  }

  /**
   * Fills a local tier with every key by reading it: single reads from 8 threads where a bulk read
   * would not populate the tier (ours: getAll does not install into the near tier), getAll in
   * batches of 1,000 otherwise.
   */
  public static void warm(Peer peer, Node node, Dataset data) {
    if (peer == Peer.NEAR_ON) {
      ExecutorService pool = Executors.newFixedThreadPool(WARM_THREADS);
      try {
        List<Future<?>> parts = new ArrayList<>();
        int n = data.keyCount();
        for (int t = 0; t < WARM_THREADS; t++) {
          int first = t;
          parts.add(
              pool.submit(
                  () -> {
                    for (int i = first; i < n; i += WARM_THREADS) {
                      node.get(data.key(i));
                    }
                  }));
        }
        for (Future<?> f : parts) {
          f.get();
        }
      } catch (Exception e) {
        throw new IllegalStateException("warming the near tier failed", e);
      } finally {
        pool.shutdownNow();
      }
    } else if (peer == Peer.REDISSON_LOCAL_CACHED_MAP) {
      int n = data.keyCount();
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        String[] k = new String[to - from];
        for (int i = from; i < to; i++) {
          k[i - from] = data.key(i);
        }
        node.getAll(new KeyBatch(k, k));
      }
    }
  }

  // ------------------------------------------------------------------------------------ nodes

  /** Any JCache cache. */
  public static final class JCacheNode implements Node {
    private final Cache<String, String> cache;
    private final Runnable closer;

    JCacheNode(Cache<String, String> cache, Runnable closer) {
      this.cache = cache;
      this.closer = closer;
    }

    public Cache<String, String> cache() {
      return cache;
    }

    /** Our cache's implementation (for its near-tier metrics), or null for another provider. */
    @SuppressWarnings("unchecked")
    public RedisCache<String, String> ours() {
      return cache instanceof RedisCache<?, ?> c ? (RedisCache<String, String>) c : null;
    }

    @Override
    public String get(String key) {
      return cache.get(key);
    }

    @Override
    public void put(String key, String value) {
      cache.put(key, value);
    }

    @Override
    public Map<String, String> getAll(KeyBatch batch) {
      return cache.getAll(batch.keySet());
    }

    @Override
    public void putAll(KeyBatch batch) {
      cache.putAll(batch.entries());
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /**
   * Redisson's RLocalCachedMap; writes use fastPut (no previous value sent back, like JCache's
   * put).
   */
  public static final class LocalCachedMapNode implements Node {
    private final RedissonClient redisson;
    private final RLocalCachedMap<String, String> map;

    LocalCachedMapNode(RedissonClient redisson, RLocalCachedMap<String, String> map) {
      this.redisson = redisson;
      this.map = map;
    }

    public RLocalCachedMap<String, String> map() {
      return map;
    }

    @Override
    public String get(String key) {
      return map.get(key);
    }

    @Override
    public void put(String key, String value) {
      map.fastPut(key, value);
    }

    @Override
    public Map<String, String> getAll(KeyBatch batch) {
      return map.getAll(batch.keySet());
    }

    @Override
    public void putAll(KeyBatch batch) {
      map.putAll(batch.entries());
    }

    @Override
    public void close() {
      redisson.shutdown();
    }
  }

  /** Plain Redis strings through Redisson: GET, SET, MGET, MSET. */
  public static final class RawNode implements Node {
    private final RedissonClient redisson;
    private final RBuckets buckets;

    RawNode(RedissonClient redisson) {
      this.redisson = redisson;
      this.buckets = redisson.getBuckets(StringCodec.INSTANCE);
    }

    @Override
    public String get(String key) {
      return redisson.<String>getBucket(key, StringCodec.INSTANCE).get();
    }

    @Override
    public void put(String key, String value) {
      redisson.<String>getBucket(key, StringCodec.INSTANCE).set(value);
    }

    @Override
    public Map<String, String> getAll(KeyBatch batch) {
      Map<String, String> found = buckets.get(batch.keyArray());
      return found == null ? new LinkedHashMap<>() : found;
    }

    @Override
    public void putAll(KeyBatch batch) {
      buckets.set(batch.entries());
    }

    @Override
    public void close() {
      redisson.shutdown();
    }
  }
}
