package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.Reply;
import dev.nearcache.jcache.internal.redis.ReplyStatus;
import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.near.internal.NearTier;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read race (docs/design.md, "Read protocol") for bulk reads ({@link
 * CoherentNearPath#readAll}), forced on a real Redis with real pub/sub, with the bulk scripts
 * packed both ways: every segment in one script (one server) and one script per segment (how a
 * cluster runs them). Node A is assembled from the public pieces as in {@link
 * ReadInvalidationRaceTest}; node B is a real cache manager.
 */
class BulkReadRaceTest {
  static final String CACHE = "bulk-race";
  static final int SEGMENTS = 8;

  static RedisServer server;
  static CacheManager managerB;
  static Cache<String, String> b;
  static RedisConnection connA;
  static NearTier tierA;
  static CoherentNearPath pathA;
  static KeyEncoder keys;
  static Codec codec;
  static TwoRaceNodes nodes;
  static SegmentLayout layout;

  @BeforeAll
  static void start() {
    nodes = new TwoRaceNodes(CACHE, SEGMENTS);
    server = nodes.server;
    managerB = nodes.managerB;
    b = nodes.b;
    connA = nodes.connA;
    layout = nodes.layout;
    tierA = nodes.tierA;
    pathA = nodes.pathA;
    keys = nodes.keys;
    codec = nodes.codec;
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  /** Node A's store, packing a bulk call's segments into one script or one script per segment. */
  static RedisStore store(boolean oneServer) {
    return new RedisStore(
        connA.executor(), layout, connA.nodeId(), connA.publishCommand(), 60_000, oneServer, 0);
  }

  static NearCacheMetrics metrics() {
    return tierA.metrics();
  }

  static void await(String what, Supplier<Boolean> condition) {
    nodes.await(what, condition);
  }

  static void awaitInvalidations(long count) {
    nodes.awaitInvalidations(count);
  }

  static Map<String, String> entries(String prefix, String value, int n) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(prefix + i, value + i);
    }
    return map;
  }

  /** B writes them all and A's tier has received every message. */
  static void bPutAllAndSettle(Map<String, String> map) {
    long before = metrics().invalidationsReceived();
    b.putAll(map);
    awaitInvalidations(before + map.size());
  }

  static List<byte[]> encoded(Iterable<String> ks) {
    List<byte[]> out = new ArrayList<>();
    for (String k : ks) {
      out.add(keys.encode(k));
    }
    return out;
  }

  static List<Object> nearKeys(Iterable<String> ks) {
    List<Object> out = new ArrayList<>();
    for (String k : ks) {
      out.add(pathA.key(k, keys.encode(k)));
    }
    return out;
  }

  static Object served(String key) {
    NearEntry e = pathA.lookup(pathA.key(key, keys.encode(key)));
    if (e == null) {
      return null;
    }
    return e.value() != null ? e.value() : codec.decode(e.payload());
  }

  @ParameterizedTest(name = "one script for all segments: {0}")
  @ValueSource(booleans = {true, false})
  void aBulkReadInstallsWhatNoNewerChangeTouched(boolean oneServer) {
    String prefix = "ok-" + oneServer + "-";
    Map<String, String> data = entries(prefix, "v", 40);
    bPutAllAndSettle(data);
    RedisStore store = store(oneServer);
    List<byte[]> enc = encoded(data.keySet());
    List<Reply> replies =
        pathA.readAll(nearKeys(data.keySet()), enc, () -> store.getMany(enc, RedisStore.UNCHANGED));
    int i = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      assertEquals(ReplyStatus.HIT, replies.get(i++).status());
      assertEquals(e.getValue(), served(e.getKey()), "installed by the bulk read: " + e.getKey());
    }
    assertNull(served(prefix + "absent"));
  }

  @ParameterizedTest(name = "one script for all segments: {0}")
  @ValueSource(booleans = {true, false})
  void aBulkReadOvertakenByAnotherNodesWritesDoesNotInstallTheOldValues(boolean oneServer) {
    String prefix = "raced-" + oneServer + "-";
    Map<String, String> data = entries(prefix, "old", 40);
    bPutAllAndSettle(data);
    RedisStore store = store(oneServer);
    List<byte[]> enc = encoded(data.keySet());
    String single = prefix + 3;
    Map<String, String> bulk = new LinkedHashMap<>();
    for (int i = 20; i < 30; i++) {
      bulk.put(prefix + i, "new" + i);
    }
    long racesBefore = metrics().populationRacesLost();

    List<Reply> replies =
        pathA.readAll(
            nearKeys(data.keySet()),
            enc,
            () -> {
              // (a) the real Redis read: old values and each segment's seq at that moment
              List<Reply> old = store.getMany(enc, RedisStore.UNCHANGED);
              // (b) another node writes newer values: one key alone, ten in one bulk write
              long before = metrics().invalidationsReceived();
              b.put(single, "new");
              b.putAll(bulk);
              // (c) A's tier receives those changes before the read's replies are installed
              awaitInvalidations(before + 1 + bulk.size());
              // (d) only now the old replies come back
              return old;
            });

    int i = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      assertEquals(
          e.getValue(),
          codec.decode(replies.get(i++).payload()),
          "the caller gets what its read returned");
      boolean overtaken = e.getKey().equals(single) || bulk.containsKey(e.getKey());
      if (overtaken) {
        assertNull(served(e.getKey()), "the old value of " + e.getKey() + " must not be installed");
      } else {
        assertEquals(
            e.getValue(), served(e.getKey()), "untouched keys are installed: " + e.getKey());
      }
    }
    assertEquals(racesBefore + 1 + bulk.size(), metrics().populationRacesLost());
    assertEquals(0, metrics().gapsDetected());
  }

  @ParameterizedTest(name = "one script for all segments: {0}")
  @ValueSource(booleans = {true, false})
  void aBulkWriteIsOneChangePerSegmentAndOneScriptCallOnOneServer(boolean oneServer) {
    String prefix = "w-" + oneServer + "-";
    Map<String, String> data = entries(prefix, "v", 100);
    RedisStore store = store(oneServer);
    List<byte[]> enc = encoded(data.keySet());
    List<byte[]> payloads = new ArrayList<>();
    for (String v : data.values()) {
      payloads.add(codec.encode(v));
    }
    boolean[] touched = new boolean[layout.segments()];
    int touchedCount = 0;
    for (byte[] k : enc) {
      int s = layout.segmentOf(k);
      touchedCount += touched[s] ? 0 : 1;
      touched[s] = true;
    }
    long[] before = seqs();
    long messagesBefore = metrics().invalidationsReceived();
    try (RespClient admin = server.client()) {
      admin.command("CONFIG", "RESETSTAT");
      List<Reply> written =
          store.putMany(enc, payloads, RedisStore.ETERNAL, RedisStore.UNCHANGED, false);
      List<Reply> read = store.getMany(enc, RedisStore.UNCHANGED);
      long evalsha = admin.commandCalls("evalsha");
      assertEquals(
          oneServer ? 2 : 2L * touchedCount, evalsha, "script calls for putMany + getMany");
      long[] after = seqs();
      for (int i = 0; i < enc.size(); i++) {
        int s = layout.segmentOf(enc.get(i));
        assertEquals(ReplyStatus.CREATED, written.get(i).status());
        assertEquals(
            after[s], written.get(i).seq(), "a write carries its segment's one new number");
        assertEquals(after[s], written.get(i).version());
        assertEquals(ReplyStatus.HIT, read.get(i).status());
        assertEquals(after[s], read.get(i).seq(), "a read reports its segment's number");
        assertEquals(after[s], read.get(i).version());
        assertEquals("v" + i, codec.decode(read.get(i).payload()));
      }
      for (int s = 0; s < layout.segments(); s++) {
        assertEquals(
            before[s] + (touched[s] ? 1 : 0), after[s], "segment " + s + " counts one change");
      }
    }
    awaitInvalidations(messagesBefore + enc.size());
    assertEquals(0, metrics().gapsDetected(), "the messages follow each segment's numbering");
  }

  private static long[] seqs() {
    long[] out = new long[layout.segments()];
    try (RespClient client = server.client()) {
      for (int s = 0; s < out.length; s++) {
        String v = client.command("GET", new String(layout.seqKey(s), StandardCharsets.UTF_8));
        out[s] = v == null ? 0 : Long.parseLong(v);
      }
    }
    return out;
  }
}
