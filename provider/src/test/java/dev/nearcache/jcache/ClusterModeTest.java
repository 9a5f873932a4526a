package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.testing.RedisCluster;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code redis.mode: cluster} against a real three-master Redis Cluster: two nodes (managers with
 * their own connections) see each other's writes through the Redis tier, their near tiers stay
 * coherent through the sharded change channels, and bulk calls, iteration and clearing work on a
 * cache whose 16 segments live on all three masters.
 */
class ClusterModeTest {
  /** The default key prefix and segment count: the layout the caches below get. */
  static final String KEY_PREFIX = "nc:";

  static final int SEGMENTS = 16;

  /** Longer than the default propagate-values-up-to (4096 bytes): its writes only invalidate. */
  static final String LARGE = "L".repeat(5000);

  static RedisCluster cluster;
  static CacheManager nodeA;
  static CacheManager nodeB;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start();
    nodeA = node("a");
    nodeB = node("b");
  }

  static CacheManager node(String name) {
    Properties p = new Properties();
    p.setProperty("redis.mode", "cluster");
    p.setProperty("redis.addresses", String.join(",", cluster.uris()));
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:cluster-" + name), ClusterModeTest.class.getClassLoader(), p);
  }

  @AfterAll
  static void stop() {
    try {
      for (CacheManager m : new CacheManager[] {nodeA, nodeB}) {
        if (m != null) {
          m.close();
        }
      }
    } finally {
      // The servers go whatever the managers did: a leftover cluster holds six ports.
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  static <K> MutableConfiguration<K, String> config(Class<K> keyType) {
    // Statistics on: the near tier's read counters (near hits) follow them.
    return new MutableConfiguration<K, String>()
        .setTypes(keyType, String.class)
        .setStatisticsEnabled(true);
  }

  static NearCacheMetrics metrics(Cache<?, ?> cache) {
    return cache.unwrap(RedisCache.class).nearCacheMetrics();
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 5 s waiting until " + what);
      }
      Thread.sleep(1);
    }
  }

  /**
   * Waits until {@code read} returns {@code expected}, then asserts it (so a failure shows both).
   */
  static <T> void awaitEquals(T expected, Supplier<T> read, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Objects.equals(expected, read.get()) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(expected, read.get(), what + " (within 5 s)");
  }

  /**
   * Reads the key on {@code cache} until the read is a near hit: the segment serves from the near
   * tier once its subscription and baseline are in place, which may take a moment after creation.
   */
  static void awaitNearCopy(Cache<String, String> cache, String key, String expected)
      throws InterruptedException {
    NearCacheMetrics m = metrics(cache);
    await(
        () -> {
          long hits = m.nearHits();
          assertEquals(expected, cache.get(key));
          return m.nearHits() > hits;
        },
        "'" + key + "' is held in the near tier");
  }

  /** The masters (0-based) that hold the segments of a cache, from each segment's hash tag. */
  static Set<Integer> mastersOf(String cacheName) {
    SegmentLayout layout = new SegmentLayout(KEY_PREFIX, cacheName, SEGMENTS);
    Set<Integer> masters = new TreeSet<>();
    for (int s = 0; s < SEGMENTS; s++) {
      masters.add(RedisCluster.ownerOfSlot(cluster.slotOf(layout.routingKey(s))));
    }
    return masters;
  }

  /** Entry keys of a cache stored on each master, read on the masters themselves. */
  static Map<Integer, Long> entriesPerMaster(String cacheName) {
    Map<Integer, Long> counts = new HashMap<>();
    for (int i = 0; i < RedisCluster.NODES; i++) {
      RedisServer master = cluster.node(i);
      try (RespClient client = master.client()) {
        // Entry keys are <prefix>{<cache>#<segment>}k<encoded key> (SegmentLayout).
        counts.put(
            i,
            (long)
                RespClient.asList(client.call("KEYS", KEY_PREFIX + "{" + cacheName + "#*}k*"))
                    .size());
      }
    }
    return counts;
  }

  @Test
  void theCachesSegmentsLiveOnEveryMaster() {
    for (String name :
        new String[] {
          "single-ops", "small-values", "large-values", "bulk", "iteration", "lost-change"
        }) {
      assertEquals(Set.of(0, 1, 2), mastersOf(name), "segments of '" + name + "' by master");
    }
  }

  @Test
  void singleKeyOperationsOfOneNodeAreSeenByTheOther() throws Exception {
    Cache<String, String> a = nodeA.createCache("single-ops", config(String.class));
    Cache<String, String> b = nodeB.createCache("single-ops", config(String.class));

    for (int i = 0; i < 50; i++) {
      a.put("k" + i, "v" + i);
    }
    for (int i = 0; i < 50; i++) {
      assertEquals("v" + i, b.get("k" + i), "b reads what a put");
    }

    // putIfAbsent: decided in Redis, whichever node holds a copy.
    assertFalse(b.putIfAbsent("k0", "other"));
    assertTrue(b.putIfAbsent("fresh", "f1"));
    assertEquals("f1", a.get("fresh"));
    assertFalse(a.putIfAbsent("fresh", "f2"));
    awaitEquals("f1", () -> b.get("fresh"), "b keeps its own value");

    // getAndPut returns the other node's value.
    assertEquals("v1", b.getAndPut("k1", "b1"));
    awaitEquals("b1", () -> a.get("k1"), "a sees b's getAndPut");
    assertEquals("b1", a.getAndPut("k1", "a1"));
    awaitEquals("a1", () -> b.get("k1"), "b sees a's getAndPut");

    // replace: only when present, and conditionally on the current value.
    assertFalse(a.replace("absent", "x"));
    assertNull(b.get("absent"));
    assertTrue(a.replace("k2", "r2"));
    awaitEquals("r2", () -> b.get("k2"), "b sees a's replace");
    assertFalse(b.replace("k2", "v2", "stale"), "the old value is gone");
    assertTrue(b.replace("k2", "r2", "r2b"));
    awaitEquals("r2b", () -> a.get("k2"), "a sees b's conditional replace");
    assertEquals("r2b", a.getAndReplace("k2", "r2c"));
    awaitEquals("r2c", () -> b.get("k2"), "b sees a's getAndReplace");

    // remove: unconditional, conditional, getAndRemove.
    assertTrue(a.remove("k3"));
    awaitEquals(null, () -> b.get("k3"), "b sees a's remove");
    assertFalse(b.remove("k3"));
    assertFalse(b.containsKey("k3"));
    assertFalse(b.remove("k4", "wrong"));
    assertTrue(b.remove("k4", "v4"));
    awaitEquals(null, () -> a.get("k4"), "a sees b's conditional remove");
    assertEquals("v5", b.getAndRemove("k5"));
    awaitEquals(null, () -> a.get("k5"), "a sees b's getAndRemove");
    assertTrue(a.containsKey("k6"));

    // An entry processor: read, then a compare-version commit, both on the key's master.
    assertEquals(
        "v6",
        b.invoke(
            "k6",
            (entry, args) -> {
              String old = entry.getValue();
              entry.setValue(old + "+b");
              return old;
            }));
    awaitEquals("v6+b", () -> a.get("k6"), "a sees b's entry processor");

    assertEquals(0, metrics(a).gapsDetected());
    assertEquals(0, metrics(b).gapsDetected());
  }

  @Test
  void aSmallValueWrittenOnOneNodeReplacesTheOthersNearCopy() throws Exception {
    // Reconciliation off (an hour): a round of it that reads a segment's number between a's
    // write and the message's arrival pauses the segment until that message is applied (at most
    // its grace period, 100 ms). The value is replaced when the message is applied and the
    // segment resumes just after, so a read in between goes to Redis. That is by design, but it
    // would make "served here" below flaky.
    RedisCacheConfiguration<String, String> config = new RedisCacheConfiguration<>();
    config.setTypes(String.class, String.class);
    config.setStatisticsEnabled(true);
    config.setNearCache(
        new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofHours(1)));
    Cache<String, String> a = nodeA.createCache("small-values", config);
    Cache<String, String> b = nodeB.createCache("small-values", config);
    NearCacheMetrics mb = metrics(b);
    // Keys in several segments, so that the messages come from several masters.
    for (int i = 0; i < 20; i++) {
      String key = "k" + i;
      a.put(key, "v1");
      awaitNearCopy(b, key, "v1");

      long replaced = mb.valuesReplaced();
      a.put(key, "v2");
      await(
          () -> mb.valuesReplaced() > replaced,
          "b replaces its copy of '" + key + "' with the carried value");
      long hits = mb.nearHits();
      long remote = mb.redisHits() + mb.redisMisses();
      assertEquals("v2", b.get(key));
      assertEquals(hits + 1, mb.nearHits(), "served from b's near tier");
      assertEquals(remote, mb.redisHits() + mb.redisMisses(), "no round trip");
    }
    assertEquals(0, metrics(a).gapsDetected());
    assertEquals(0, mb.gapsDetected());
  }

  @Test
  void aLargeValueWrittenOnOneNodeInvalidatesTheOthersNearCopy() throws Exception {
    Cache<String, String> a = nodeA.createCache("large-values", config(String.class));
    Cache<String, String> b = nodeB.createCache("large-values", config(String.class));
    NearCacheMetrics mb = metrics(b);
    long replacedBefore = mb.valuesReplaced();
    for (int i = 0; i < 20; i++) {
      String key = "k" + i;
      a.put(key, "small");
      awaitNearCopy(b, key, "small");

      long messages = mb.invalidationsReceived();
      String large = LARGE + i;
      a.put(key, large);
      awaitEquals(large, () -> b.get(key), "b sees a's large value of '" + key + "'");
      // Awaited, not asserted at once: b may read the new value from Redis before the message is
      // handled (a reconciliation round that saw the new number pauses the segment meanwhile).
      await(
          () -> mb.invalidationsReceived() > messages,
          "the change of '" + key + "' reaches b as a message");
    }
    assertEquals(replacedBefore, mb.valuesReplaced(), "values over 4096 bytes are not carried");
    assertEquals(0, metrics(a).gapsDetected());
    assertEquals(0, mb.gapsDetected());
  }

  @Test
  void bulkCallsSpanningEveryMasterRoundTripAndStayCoherent() throws Exception {
    Cache<Integer, String> a = nodeA.createCache("bulk", config(Integer.class));
    Cache<Integer, String> b = nodeB.createCache("bulk", config(Integer.class));
    Map<Integer, String> first = new HashMap<>();
    Map<Integer, String> second = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      first.put(i, "first-" + i);
      second.put(i, "second-" + i);
    }
    a.putAll(first);
    Map<Integer, Long> perMaster = entriesPerMaster("bulk");
    assertEquals(
        200L, perMaster.values().stream().mapToLong(Long::longValue).sum(), "entries " + perMaster);
    perMaster.forEach(
        (master, n) ->
            assertTrue(n > 0, "master " + (master + 1) + " holds none of them: " + perMaster));

    assertEquals(first, b.getAll(first.keySet()));
    NearCacheMetrics mb = metrics(b);
    await(
        () -> {
          long hits = mb.nearHits();
          assertEquals(first, b.getAll(first.keySet()));
          return mb.nearHits() - hits == first.size();
        },
        "b's getAll is served by its near tier");

    a.putAll(second);
    awaitEquals(second, () -> b.getAll(second.keySet()), "b sees a's second putAll");
    assertEquals(second, a.getAll(second.keySet()));

    // A subset of keys, some absent.
    Set<Integer> some = new HashSet<>(Set.of(1, 50, 199, 500, 1000));
    Map<Integer, String> expected = Map.of(1, "second-1", 50, "second-50", 199, "second-199");
    assertEquals(expected, b.getAll(some));
    assertEquals(0, metrics(a).gapsDetected());
    assertEquals(0, mb.gapsDetected());
  }

  @Test
  void iterationRemoveAllAndClearCoverEveryMaster() throws Exception {
    Cache<Integer, String> a = nodeA.createCache("iteration", config(Integer.class));
    Cache<Integer, String> b = nodeB.createCache("iteration", config(Integer.class));
    Map<Integer, String> data = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      data.put(i, "v" + i);
    }
    a.putAll(data);
    assertEquals(data, entries(b), "b iterates every entry");
    assertEquals(data, entries(a), "a iterates every entry");
    assertEquals(data, b.getAll(data.keySet())); // b now holds copies in its near tier

    a.removeAll();
    awaitEquals(Map.of(), () -> b.getAll(data.keySet()), "b sees a's removeAll");
    assertEquals(Map.of(), entries(a));
    assertEquals(Map.of(), entries(b));
    assertEquals(
        Map.of(0, 0L, 1, 0L, 2, 0L), entriesPerMaster("iteration"), "nothing left on any master");

    b.putAll(data);
    assertEquals(data, a.getAll(data.keySet())); // a now holds copies
    b.clear();
    awaitEquals(Map.of(), () -> a.getAll(data.keySet()), "a sees b's clear");
    assertEquals(Map.of(), entries(a));
    assertEquals(Map.of(), entries(b));
    assertEquals(
        Map.of(0, 0L, 1, 0L, 2, 0L), entriesPerMaster("iteration"), "nothing left on any master");

    assertEquals(0, metrics(a).gapsDetected());
    assertEquals(0, metrics(b).gapsDetected());
  }

  /**
   * Reconciliation reads every segment's sequence number in one batch that Redisson splits by
   * master; a failed read is only logged at debug level, so this proves it reaches all three: a
   * change whose message never came (the counter bumped behind the provider's back) is found on
   * each master and the segment's near copies dropped.
   */
  @Test
  void reconciliationFindsALostChangeOnEveryMaster() throws Exception {
    String name = "lost-change";
    Cache<String, String> a = nodeA.createCache(name, config(String.class));
    Cache<String, String> b = nodeB.createCache(name, config(String.class));
    NearCacheMetrics mb = metrics(b);
    SegmentLayout layout = new SegmentLayout(KEY_PREFIX, name, SEGMENTS);
    int[] segmentOnMaster = {-1, -1, -1};
    for (int s = 0; s < SEGMENTS; s++) {
      int master = RedisCluster.ownerOfSlot(cluster.slotOf(layout.routingKey(s)));
      if (segmentOnMaster[master] < 0) {
        segmentOnMaster[master] = s;
      }
    }
    a.put("k", "v");
    awaitNearCopy(b, "k", "v");

    long before = mb.clears(ClearCause.RECONCILIATION);
    for (int master = 0; master < RedisCluster.NODES; master++) {
      assertTrue(
          segmentOnMaster[master] >= 0, "no segment of '" + name + "' on master " + (master + 1));
      try (RespClient client = cluster.node(master).client()) {
        client.call(
            "INCR", new String(layout.seqKey(segmentOnMaster[master]), StandardCharsets.UTF_8));
      }
    }
    await(
        () -> mb.clears(ClearCause.RECONCILIATION) >= before + RedisCluster.NODES,
        "b's reconciliation finds the lost change on each of the three masters (" + mb + ")");
    assertEquals(0, mb.gapsDetected(), "no message skipped a number");

    // Later changes continue from the bumped counters: no gap, and b stays coherent.
    a.put("k", "v2");
    awaitEquals("v2", () -> b.get("k"), "b sees a's write after reconciliation");
    assertEquals(0, mb.gapsDetected());
  }

  @Test
  void destroyingACacheLeavesNothingOfItOnAnyMaster() {
    String name = "destroyed";
    assertEquals(Set.of(0, 1, 2), mastersOf(name));
    Cache<Integer, String> a = nodeA.createCache(name, config(Integer.class));
    Map<Integer, String> data = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      data.put(i, "v" + i);
    }
    a.putAll(data);
    assertTrue(
        keysOf(name).size() > data.size(), "entries, counters and indexes: " + keysOf(name).size());

    nodeA.destroyCache(name);
    assertEquals(Set.of(), keysOf(name), "keys of '" + name + "' left after destroyCache");
  }

  /** Every key of a cache on every master: entries, sequence counters, indexes and metadata. */
  static Set<String> keysOf(String cacheName) {
    Set<String> keys = new TreeSet<>();
    for (int i = 0; i < RedisCluster.NODES; i++) {
      try (RespClient client = cluster.node(i).client()) {
        for (Object key :
            RespClient.asList(client.call("KEYS", KEY_PREFIX + "{" + cacheName + "*"))) {
          keys.add("master " + (i + 1) + ": " + key);
        }
      }
    }
    return keys;
  }

  static Map<Integer, String> entries(Cache<Integer, String> cache) {
    Map<Integer, String> seen = new HashMap<>();
    for (Cache.Entry<Integer, String> e : cache) {
      assertNull(seen.put(e.getKey(), e.getValue()), "key " + e.getKey() + " iterated twice");
    }
    return seen;
  }
}
