package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.internal.redis.OldValue;
import dev.nearcache.jcache.internal.redis.PutCondition;
import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.Reply;
import dev.nearcache.jcache.internal.redis.ReplyStatus;
import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.near.internal.NearClock;
import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.near.internal.NearTier;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read race (docs/design.md, "Read protocol"), forced deterministically on a real Redis with
 * real pub/sub.
 *
 * <p>Node A is assembled from the public pieces exactly as {@code RedisCacheManager.nearPath} does
 * (a {@link NearTier}, a {@link NearCacheLink} on its own {@link RedisConnection}, a {@link
 * CoherentNearPath}), so the test can hand {@link CoherentNearPath#read} a remote read that pauses
 * between Redis's reply and its installation. Node B is a real cache manager with its own
 * connection and node id; its writes publish the change messages node A receives. Reconciliation on
 * node A is set to an hour so that only the change feed acts.
 */
class ReadInvalidationRaceTest {
  static final String CACHE = "race";

  static RedisServer server;
  static CacheManager managerB;
  static Cache<String, String> b;

  static RedisConnection connA;
  static RedisStore storeA;
  static NearTier tierA;
  static CoherentNearPath pathA;
  static KeyEncoder keys;
  static Codec codec;
  static TwoRaceNodes nodes;

  @BeforeAll
  static void start() {
    nodes = new TwoRaceNodes(CACHE, 16);
    server = nodes.server;
    managerB = nodes.managerB;
    b = nodes.b;
    connA = nodes.connA;
    storeA = nodes.storeA;
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

  // ------------------------------------------------------------------ helpers

  static NearCacheMetrics metrics() {
    return tierA.metrics();
  }

  static void await(String what, Supplier<Boolean> condition) {
    nodes.await(what, condition);
  }

  static void awaitInvalidations(long count) {
    nodes.awaitInvalidations(count);
  }

  /** B writes and A's tier receives the message: a quiet starting point for the race. */
  static void bPutAndSettle(String key, String value) {
    long before = metrics().invalidationsReceived();
    b.put(key, value);
    awaitInvalidations(before + 1);
  }

  static byte[] encoded(String key) {
    return keys.encode(key);
  }

  static Object nearKey(String key) {
    return pathA.key(key, encoded(key));
  }

  static Reply redisRead(byte[] encodedKey) {
    return storeA.run(storeA.get(encodedKey, RedisStore.UNCHANGED));
  }

  static Object value(Reply reply) {
    assertEquals(ReplyStatus.HIT, reply.status(), "expected a hit: " + reply);
    return codec.decode(reply.payload());
  }

  static Object served(String key) {
    NearEntry e = pathA.lookup(nearKey(key));
    if (e == null) {
      return null;
    }
    return e.value() != null ? e.value() : codec.decode(e.payload());
  }

  /** The segment's sequence counter in Redis, read with a plain client. */
  static long redisSeq(String key) {
    byte[] seqKey = storeA.layout().seqKey(storeA.layout().segmentOf(encoded(key)));
    try (RespClient client = server.client()) {
      String v = client.command("GET", new String(seqKey, StandardCharsets.UTF_8));
      return v == null ? 0 : Long.parseLong(v);
    }
  }

  /** A normal get on node A: near hit or reserved remote read. */
  static Object aGet(String key) {
    Object near = served(key);
    if (near != null) {
      return near;
    }
    byte[] k = encoded(key);
    Reply r = pathA.read(nearKey(key), k, () -> redisRead(k));
    return r.status() == ReplyStatus.HIT ? codec.decode(r.payload()) : null;
  }

  // ------------------------------------------------------------------ the race

  @Test
  void anOldReadOvertakenByANewerInvalidationIsNotInstalled() {
    String key = "raced";
    bPutAndSettle(key, "old");
    Object nk = nearKey(key);
    byte[] k = encoded(key);
    long racesBefore = metrics().populationRacesLost();
    long[] readSeq = new long[1];

    Reply reply =
        pathA.read(
            nk,
            k,
            () -> {
              // (a) the real Redis read: the old value and the segment's seq at that moment
              Reply old = redisRead(k);
              assertEquals("old", value(old));
              readSeq[0] = old.seq();
              // (b) another node writes a newer value
              long before = metrics().invalidationsReceived();
              b.put(key, "new");
              // (c) this node's tier receives that invalidation before the read's reply is
              // installed
              awaitInvalidations(before + 1);
              // (d) only now the old reply comes back
              return old;
            });

    assertEquals("old", value(reply), "the caller gets what its read returned");
    assertTrue(redisSeq(key) > readSeq[0], "B's write is newer than the read");
    assertNull(pathA.lookup(nk), "the old value must not be installed");
    assertEquals(racesBefore + 1, metrics().populationRacesLost());

    assertEquals("new", aGet(key), "the next get reads the new value");
    assertEquals("new", served(key), "and installs it");
    assertEquals(racesBefore + 1, metrics().populationRacesLost());
  }

  @Test
  void aJoinerOfTheLosingReadDoesNotInstallEither() throws Exception {
    String key = "raced-joined";
    bPutAndSettle(key, "old");
    Object nk = nearKey(key);
    byte[] k = encoded(key);
    java.util.concurrent.CompletableFuture<Reply> joined =
        new java.util.concurrent.CompletableFuture<>();
    Thread joiner =
        new Thread(
            () -> {
              try {
                joined.complete(
                    pathA.read(
                        nk,
                        k,
                        () -> {
                          throw new AssertionError("the joiner must share the leader's read");
                        }));
              } catch (Throwable e) {
                joined.completeExceptionally(e);
              }
            });
    long joinsBefore = metrics().singleFlightJoins();
    Reply reply =
        pathA.read(
            nk,
            k,
            () -> {
              Reply old = redisRead(k);
              joiner.start();
              await("the joiner to join", () -> metrics().singleFlightJoins() > joinsBefore);
              long before = metrics().invalidationsReceived();
              b.put(key, "new");
              awaitInvalidations(before + 1);
              return old;
            });
    assertEquals("old", value(reply));
    assertEquals("old", value(joined.get(10, java.util.concurrent.TimeUnit.SECONDS)));
    assertNull(pathA.lookup(nk));
    assertEquals("new", aGet(key));
  }

  @Test
  void anInvalidationForAWriteTheReadAlreadySawDoesNotPreventInstalling() {
    // Equal: the read's seq is exactly that of the write whose message arrives late.
    String key = "late-equal";
    long racesBefore = metrics().populationRacesLost();
    Object nk = nearKey(key);
    byte[] k = encoded(key);
    long[] seqs = new long[2];
    Reply reply =
        pathA.read(
            nk,
            k,
            () -> {
              long before = metrics().invalidationsReceived();
              b.put(key, "v1"); // the write happens while the read is reserved...
              seqs[0] = redisSeq(key);
              Reply fresh = redisRead(k); // ...and before the read, which sees it
              seqs[1] = fresh.seq();
              awaitInvalidations(before + 1); // its message arrives before the reply is installed
              return fresh;
            });
    assertEquals("v1", value(reply));
    assertEquals(seqs[0], seqs[1], "the message's seq equals the read's seq");
    assertEquals(
        "v1", served(key), "an invalidation not newer than the read must not prevent installing");
    assertEquals(racesBefore, metrics().populationRacesLost());

    // Below: the write's seq is below the read's (another key changed in between).
    String key2 = "late-below";
    Object nk2 = nearKey(key2);
    byte[] k2 = encoded(key2);
    String sameSegment = keyInSegmentOf(key2, "late-below-other");
    long[] seqs2 = new long[2];
    Reply reply2 =
        pathA.read(
            nk2,
            k2,
            () -> {
              long before = metrics().invalidationsReceived();
              b.put(key2, "w1");
              seqs2[0] = redisSeq(key2);
              b.put(sameSegment, "x");
              Reply fresh = redisRead(k2);
              seqs2[1] = fresh.seq();
              awaitInvalidations(before + 2);
              return fresh;
            });
    assertEquals("w1", value(reply2));
    assertTrue(
        seqs2[0] < seqs2[1],
        "the message's seq is below the read's: " + seqs2[0] + " vs " + seqs2[1]);
    assertEquals("w1", served(key2));
    assertEquals(racesBefore, metrics().populationRacesLost());

    // And the installed entries still go when a newer change comes.
    bPutAndSettle(key, "v2");
    assertNull(served(key));
    assertEquals("v2", aGet(key));
  }

  /** A key named after {@code prefix} that lands in the same segment as {@code key}. */
  static String keyInSegmentOf(String key, String prefix) {
    SegmentLayout layout = storeA.layout();
    int segment = layout.segmentOf(encoded(key));
    for (int i = 0; ; i++) {
      String candidate = prefix + i;
      if (layout.segmentOf(encoded(candidate)) == segment) {
        return candidate;
      }
    }
  }

  // ----------------------------------------- own writes (docs/design.md, "Writes on the writing
  // node")

  @Test
  void anOwnWriteStaysInstalledThroughItsOwnMessageAndIsServedLocally() {
    String key = "own";
    Object nk = nearKey(key);
    byte[] k = encoded(key);
    long racesBefore = metrics().populationRacesLost();

    // Own message handled after the write's reply was installed.
    long before = metrics().invalidationsReceived();
    byte[] payload = codec.encode("mine");
    Reply written =
        pathA.write(
            nk,
            k,
            "mine",
            payload,
            () ->
                storeA.run(
                    storeA.put(
                        k,
                        payload,
                        PutCondition.ALWAYS,
                        RedisStore.ETERNAL,
                        RedisStore.UNCHANGED,
                        OldValue.DISCARD)));
    assertEquals(ReplyStatus.CREATED, written.status());
    awaitInvalidations(before + 1);
    long hits = metrics().nearHits();
    assertEquals("mine", served(key), "the own write survives its own message");
    assertEquals(hits + 1, metrics().nearHits(), "served locally");
    assertEquals(written.seq(), pathA.lookup(nk).seq());
    assertEquals("mine", b.get(key), "and it is in Redis for the other node");

    // Own message handled before the write's reply is installed.
    byte[] payload2 = codec.encode("mine2");
    long before2 = metrics().invalidationsReceived();
    Reply written2 =
        pathA.write(
            nk,
            k,
            "mine2",
            payload2,
            () -> {
              Reply r =
                  storeA.run(
                      storeA.put(
                          k,
                          payload2,
                          PutCondition.ALWAYS,
                          RedisStore.ETERNAL,
                          RedisStore.UNCHANGED,
                          OldValue.DISCARD));
              awaitInvalidations(before2 + 1);
              return r;
            });
    assertEquals(ReplyStatus.UPDATED, written2.status());
    assertEquals(
        "mine2", served(key), "the own message arriving first must not prevent installing");
    assertEquals(racesBefore, metrics().populationRacesLost());

    // Another node's later write still removes it.
    bPutAndSettle(key, "theirs");
    assertNull(served(key));
    assertEquals("theirs", aGet(key));
  }

  @Test
  void anOwnWriteOvertakenByAnotherNodesWriteIsNotInstalled() {
    String key = "own-raced";
    Object nk = nearKey(key);
    byte[] k = encoded(key);
    long racesBefore = metrics().populationRacesLost();
    byte[] payload = codec.encode("mine");
    long before = metrics().invalidationsReceived();
    pathA.write(
        nk,
        k,
        "mine",
        payload,
        () -> {
          Reply r =
              storeA.run(
                  storeA.put(
                      k,
                      payload,
                      PutCondition.ALWAYS,
                      RedisStore.ETERNAL,
                      RedisStore.UNCHANGED,
                      OldValue.DISCARD));
          b.put(key, "theirs");
          awaitInvalidations(before + 2);
          return r;
        });
    assertNull(pathA.lookup(nk), "the own value is older than B's write");
    assertEquals(racesBefore + 1, metrics().populationRacesLost());
    assertEquals("theirs", aGet(key));
  }

  @Test
  void aNodeThatIsNotYetLiveDoesNotCache() {
    // A fresh tier on the same connection that never subscribed serves and installs nothing.
    NearTier fresh =
        new NearTier(
            CACHE, NearCacheSettings.DEFAULTS, storeA.layout().segments(), NearClock.system());
    CoherentNearPath path =
        new CoherentNearPath(fresh, storeA.layout(), null, codec::decode, c -> true);
    bPutAndSettle("not-live", "v");
    byte[] k = encoded("not-live");
    Object nk = path.key("not-live", k);
    Reply r = path.read(nk, k, () -> redisRead(k));
    assertEquals("v", value(r));
    assertNull(path.lookup(nk));
    assertEquals(0, fresh.size());
    LongSupplier misses = () -> fresh.metrics().nearMisses();
    assertTrue(misses.getAsLong() > 0);
    assertNotNull(pathA.metrics());
  }
}
