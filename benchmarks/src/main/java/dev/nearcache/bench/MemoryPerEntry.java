package dev.nearcache.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.jcache.Expirable;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.internal.near.CoherentNearPath;
import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.near.internal.NearTier;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;
import org.redisson.api.RLocalCachedMap;
import org.redisson.cache.CacheValue;

/**
 * Bytes a local tier spends per entry beyond the key and value objects themselves, measured with
 * JOL: the retained size of the tier's per-entry structures (the hash table, the entries, the
 * eviction policy's links and frequency sketch) with N entries, minus the keys' and values' own
 * sizes, divided by N. Keys and values are small strings ({@code k0000042}, {@code v0000042}). Only
 * the structures that grow with the entries are walked (not the executor or connection the tier
 * refers to), so nothing outside the tier is counted.
 */
public final class MemoryPerEntry {

  public record Row(
      String tier,
      int entries,
      long tierBytes,
      long keyValueBytes,
      double bytesPerEntry,
      String notes)
      implements java.io.Serializable {}

  private MemoryPerEntry() {}

  public static List<Row> measure(Peers.Settings redis, int n) {
    String[] keys = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = String.format("k%07d", i);
      values[i] = String.format("v%07d", i);
    }
    List<Row> rows = new ArrayList<>();
    rows.add(ours(redis, keys, values));
    rows.add(plainCaffeine(keys, values));
    rows.add(caffeineJCache(keys, values));
    rows.add(localCachedMap(redis, keys, values));
    return rows;
  }

  // ------------------------------------------------------------------------------------- ours

  private static Row ours(Peers.Settings redis, String[] keys, String[] values) {
    int n = keys.length;
    // Room for the reservations of one batch in flight (they are entries of the Caffeine map too).
    Peers.JCacheNode node =
        (Peers.JCacheNode)
            Peers.ours(new Peers.Settings(redis.redisUri(), n + 1000), 51, true, "bench-mem");
    try {
      RedisCache<String, String> cache = node.ours();
      cache.removeAll();
      NearTier tier = ((CoherentNearPath) field(cache, "near")).tier();
      // Own writes are installed once the segments are live; wait for that, then write all.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        cache.put(keys[0], values[0]);
        long hits = cache.nearCacheMetrics().nearHits();
        cache.get(keys[0]);
        if (cache.nearCacheMetrics().nearHits() > hits && allLive(tier)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("near tier never went live");
        }
        LockSupport.parkNanos(20_000_000);
      }
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        String[] k = java.util.Arrays.copyOfRange(keys, from, to);
        String[] v = java.util.Arrays.copyOfRange(values, from, to);
        node.putAll(new KeyBatch(k, v));
      }
      @SuppressWarnings("unchecked")
      Map<Object, Object> map = (Map<Object, Object>) field(tier, "map");
      // A write is not installed while its segment is briefly out of service (reconciliation found
      // a message still in flight): read those keys back, which installs them.
      for (int pass = 0; pass < 3; pass++) {
        for (String key : keys) {
          if (!(map.get(key) instanceof NearEntry)) {
            cache.get(key);
          }
        }
      }
      List<Object> kv = new ArrayList<>(2 * n);
      int entries = 0;
      for (Map.Entry<Object, Object> e : map.entrySet()) {
        if (e.getValue() instanceof NearEntry ne) {
          entries++;
          kv.add(e.getKey());
          if (ne.value() != null) {
            kv.add(ne.value());
          }
          if (ne.payload() != null) {
            kv.add(ne.payload());
          }
        }
      }
      Object caffeine = field(tier, "cache");
      return row(
          "nearcache near tier (Caffeine + NearEntry)",
          entries,
          caffeineRoots(caffeine),
          kv,
          "maximum-size "
              + (n + 1000)
              + " (N + one batch of reservations), maximum-local-lifetime 10m; String keys held as "
              + "themselves, immutable values as objects");
    } finally {
      node.close();
    }
  }

  private static boolean allLive(NearTier tier) {
    for (int s = 0; s < tier.segmentCount(); s++) {
      if (!tier.isLive(s)) {
        return false;
      }
    }
    return true;
  }

  // --------------------------------------------------------------------------------- baselines

  private static Row plainCaffeine(String[] keys, String[] values) {
    int n = keys.length;
    com.github.benmanes.caffeine.cache.Cache<String, String> cache =
        Caffeine.newBuilder().maximumSize(n).expireAfterWrite(Duration.ofMinutes(10)).build();
    List<Object> kv = new ArrayList<>(2 * n);
    for (int i = 0; i < n; i++) {
      cache.put(keys[i], values[i]);
      kv.add(keys[i]);
      kv.add(values[i]);
    }
    cache.cleanUp();
    return row(
        "plain Caffeine cache (same bounds)",
        (int) cache.estimatedSize(),
        caffeineRoots(cache),
        kv,
        "maximumSize "
            + n
            + ", expireAfterWrite 10m: what the near tier's Caffeine costs on its own");
  }

  private static Row caffeineJCache(String[] keys, String[] values) {
    int n = keys.length;
    Node node = Peers.caffeine(new Peers.Settings("unused", n), 52, "bench-mem");
    try {
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        node.putAll(
            new KeyBatch(
                java.util.Arrays.copyOfRange(keys, from, to),
                java.util.Arrays.copyOfRange(values, from, to)));
      }
      @SuppressWarnings("unchecked")
      Cache<String, String> cache = ((Peers.JCacheNode) node).cache();
      Object caffeine = field(cache, "cache");
      @SuppressWarnings("unchecked")
      Map<Object, Object> map =
          ((com.github.benmanes.caffeine.cache.Cache<Object, Object>) caffeine).asMap();
      List<Object> kv = new ArrayList<>(2 * n);
      for (Map.Entry<Object, Object> e : map.entrySet()) {
        kv.add(e.getKey());
        kv.add(((Expirable<?>) e.getValue()).get());
      }
      return row(
          Peer.CAFFEINE_JCACHE.label(),
          map.size(),
          caffeineRoots(caffeine),
          kv,
          "maximumSize " + n + ", store-by-value (strings are not copied)");
    } finally {
      node.close();
    }
  }

  private static Row localCachedMap(Peers.Settings redis, String[] keys, String[] values) {
    int n = keys.length;
    Peers.LocalCachedMapNode node =
        Peers.localCachedMap(new Peers.Settings(redis.redisUri(), n), "bench-mem-rlcm");
    try {
      RLocalCachedMap<String, String> map = node.map();
      map.delete();
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        node.putAll(
            new KeyBatch(
                java.util.Arrays.copyOfRange(keys, from, to),
                java.util.Arrays.copyOfRange(values, from, to)));
      }
      Object local = field(map, "cache");
      List<Object> roots = new ArrayList<>();
      for (Class<?> c = local.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          Object v = get(f, local);
          if (v instanceof Map<?, ?>
              || (v != null && v.getClass().getName().endsWith("FastRemovalQueue"))) {
            roots.add(v);
          }
        }
      }
      Object keyMap = field(map, "cacheKeyMap");
      if (keyMap != null) {
        roots.add(keyMap);
      }
      @SuppressWarnings("unchecked")
      Map<Object, Object> cached = (Map<Object, Object>) local;
      List<Object> kv = new ArrayList<>(2 * n);
      for (Object v : cached.values()) {
        CacheValue cv = (CacheValue) v;
        kv.add(cv.getKey());
        kv.add(cv.getValue());
      }
      return row(
          Peer.REDISSON_LOCAL_CACHED_MAP.label(),
          cached.size(),
          roots.toArray(),
          kv,
          "cacheSize " + n + ", LRU, INVALIDATE");
    } finally {
      node.close();
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  /** The per-entry structures of a Caffeine cache: its hash table and its frequency sketch. */
  static Object[] caffeineRoots(Object cacheOrManual) {
    Object bounded = cacheOrManual;
    if (bounded.getClass().getName().contains("BoundedLocalManualCache")) {
      bounded = field(bounded, "cache");
    }
    List<Object> roots = new ArrayList<>();
    for (Class<?> c = bounded.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        Object v = get(f, bounded);
        if (v instanceof ConcurrentHashMap<?, ?>
            || (v != null && v.getClass().getSimpleName().equals("FrequencySketch"))) {
          roots.add(v);
        }
      }
    }
    if (roots.isEmpty()) {
      throw new IllegalStateException("no hash table found in " + bounded.getClass());
    }
    return roots.toArray();
  }

  private static Row row(
      String tier, int entries, Object[] roots, List<Object> keysAndValues, String notes) {
    if (entries == 0) {
      throw new IllegalStateException(tier + ": no entries to measure");
    }
    long tierBytes = GraphLayout.parseInstance(roots).totalSize();
    Object[] kvArray = keysAndValues.toArray();
    long kvBytes = GraphLayout.parseInstance(kvArray).totalSize() - VM.current().sizeOf(kvArray);
    return new Row(
        tier, entries, tierBytes, kvBytes, (tierBytes - kvBytes) / (double) entries, notes);
  }

  static Object field(Object target, String name) {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        return get(f, target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new IllegalStateException("no field " + name + " in " + target.getClass());
  }

  private static Object get(Field f, Object target) {
    try {
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + f + ": " + e, e);
    }
  }
}
