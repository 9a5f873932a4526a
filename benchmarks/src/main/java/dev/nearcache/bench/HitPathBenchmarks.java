package dev.nearcache.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.internal.near.CoherentNearPath;
import dev.nearcache.near.internal.NearTier;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Where a near hit's time goes: our {@code get} with the default settings, with {@code
 * maximum-local-lifetime} off and with the near tier's read counters on, the near tier's lookup
 * alone, Caffeine's JCache provider, and plain Caffeine caches with and without time-based expiry;
 * 1,000 hot keys, two threads, nanoseconds per operation. Diagnosis for the report, not one of the
 * compared workloads.
 */
@State(Scope.Benchmark)
@Threads(2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitPathBenchmarks {
  static final int KEYS = 1024;
  private static final java.util.concurrent.atomic.AtomicInteger TRIALS =
      new java.util.concurrent.atomic.AtomicInteger();

  String[] keys;
  private CacheManager defaults;
  private CacheManager noLifetime;
  private CacheManager counting;
  private Node caffeineNode;
  Cache<String, String> ours;
  Cache<String, String> oursWithoutLifetime;
  Cache<String, String> counted;
  Cache<String, String> caffeineJCache;
  NearTier tier;
  com.github.benmanes.caffeine.cache.Cache<String, String> sizeOnly;
  com.github.benmanes.caffeine.cache.Cache<String, String> sizeAndExpiry;

  @Setup(Level.Trial)
  public void setUp() {
    String redis = System.getProperty(CacheBenchmarks.REDIS_PROPERTY);
    if (redis == null) {
      throw new IllegalStateException(
          "system property " + CacheBenchmarks.REDIS_PROPERTY + " is not set");
    }
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "hit:" + i;
    }
    // Managers of a new name per trial: in the in-process smoke run the previous trial's are
    // still being closed in the background, and a provider hands out a manager by its URI.
    int trial = TRIALS.incrementAndGet();
    defaults = manager(redis, "urn:hit-path-1-" + trial, null);
    noLifetime = manager(redis, "urn:hit-path-2-" + trial, "0");
    counting = manager(redis, "urn:hit-path-3-" + trial, null);
    ours =
        defaults.createCache(
            "hit-path",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    oursWithoutLifetime =
        noLifetime.createCache(
            "hit-path",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    caffeineNode = Peers.caffeine(new Peers.Settings(redis, 100_000), 6_100 + trial, "hit-path");
    caffeineJCache = ((Peers.JCacheNode) caffeineNode).cache();
    sizeOnly = Caffeine.newBuilder().maximumSize(100_000).build();
    sizeAndExpiry =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();
    for (int i = 0; i < KEYS; i++) {
      String value = "value-" + i;
      ours.put(keys[i], value);
      caffeineJCache.put(keys[i], value);
      sizeOnly.put(keys[i], value);
      sizeAndExpiry.put(keys[i], value);
    }
    counted =
        counting.createCache(
            "hit-path",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    for (int i = 0; i < KEYS; i++) {
      counted.put(keys[i], "value-" + i);
    }
    tier = ((CoherentNearPath) MemoryPerEntry.field(ours.unwrap(RedisCache.class), "near")).tier();
    // Every key a near hit in both of our caches (segments live, values installed).
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (Cache<String, String> c : java.util.List.of(ours, oursWithoutLifetime, counted)) {
      RedisCache<?, ?> rc = c.unwrap(RedisCache.class);
      rc.nearCacheMetrics().recordReads(true);
      while (true) {
        for (String k : keys) {
          c.get(k);
        }
        long hits = rc.nearCacheMetrics().nearHits();
        for (String k : keys) {
          c.get(k);
        }
        if (rc.nearCacheMetrics().nearHits() - hits == KEYS) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the keys never became near hits");
        }
        LockSupport.parkNanos(50_000_000);
      }
    }
    // Statistics are off (the default): reads are not counted, except by the `counted` cache.
    ours.unwrap(RedisCache.class).nearCacheMetrics().recordReads(false);
    oursWithoutLifetime.unwrap(RedisCache.class).nearCacheMetrics().recordReads(false);
  }

  private static CacheManager manager(String redis, String uri, String lifetime) {
    Properties props = new Properties();
    props.setProperty("redis.address", redis);
    props.setProperty("defaults.near-cache.maximum-size", "100000");
    if (lifetime != null) {
      props.setProperty("defaults.near-cache.maximum-local-lifetime", lifetime);
    }
    return new NearCachingProvider()
        .getCacheManager(URI.create(uri), NearCachingProvider.class.getClassLoader(), props);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Node.Closer first = defaults::close;
    Node.Closer second = noLifetime::close;
    Node.Closer third = counting::close;
    CacheBenchmarks.closeNodes(new Node[] {first, second, third, caffeineNode});
  }

  /** Per thread: the next key, cycling. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    int next() {
      i = (i + 1) & (KEYS - 1);
      return i;
    }
  }

  /** Our get, default settings (near tier on, maximum-local-lifetime 10m). */
  @Benchmark
  public String oursGet(Cursor c) {
    return ours.get(keys[c.next()]);
  }

  /** Our get with {@code maximum-local-lifetime: 0} (no Caffeine expireAfterWrite). */
  @Benchmark
  public String oursGetWithoutLocalLifetime(Cursor c) {
    return oursWithoutLifetime.get(keys[c.next()]);
  }

  /**
   * Our get with the near tier's read counters on (as with statistics enabled, without JCache's
   * own).
   */
  @Benchmark
  public String oursGetCountingReads(Cursor c) {
    return counted.get(keys[c.next()]);
  }

  /** The near tier's lookup alone (default settings). */
  @Benchmark
  public Object nearTierLookup(Cursor c) {
    return tier.lookup(keys[c.next()]);
  }

  /** Caffeine's JCache provider (eternal entries, bounded). */
  @Benchmark
  public String caffeineJCacheGet(Cursor c) {
    return caffeineJCache.get(keys[c.next()]);
  }

  /** Plain Caffeine, maximumSize only. */
  @Benchmark
  public String caffeineSizeOnly(Cursor c) {
    return sizeOnly.getIfPresent(keys[c.next()]);
  }

  /** Plain Caffeine, maximumSize + expireAfterWrite(10m): the near tier's configuration. */
  @Benchmark
  public String caffeineSizeAndExpireAfterWrite(Cursor c) {
    return sizeAndExpiry.getIfPresent(keys[c.next()]);
  }
}
