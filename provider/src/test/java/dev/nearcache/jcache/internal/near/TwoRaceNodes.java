package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.internal.config.RedissonConfigFactory;
import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.near.internal.NearClock;
import dev.nearcache.near.internal.NearTier;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.Codecs;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.serialization.ValueCopier;
import dev.nearcache.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * The two nodes of the race tests, on a Redis of their own. Node A is assembled from the public
 * pieces exactly as {@code RedisCacheManager.nearPath} does (a {@link NearTier}, a {@link
 * NearCacheLink} on its own {@link RedisConnection}, a {@link CoherentNearPath}), so a test can
 * hand its path a remote read that pauses between Redis's reply and its installation; its
 * reconciliation runs hourly, so only the change feed acts. Node B is a real cache manager with its
 * own connection and node id; its writes publish the change messages node A receives.
 */
final class TwoRaceNodes implements AutoCloseable {
  static final long WAIT_NANOS = 10_000_000_000L;

  final RedisServer server;
  final CacheManager managerB;
  final Cache<String, String> b;
  final RedisConnection connA;
  final RedisStore storeA;
  final SegmentLayout layout;
  final NearTier tierA;
  final CoherentNearPath pathA;
  final KeyEncoder keys;
  final Codec codec;
  private final ScheduledExecutorService scheduler;

  /** Node A's clock ticks as a manager's would. */
  private final NearClock.Ticking ticking;

  TwoRaceNodes(String cache, int segments) {
    server = RedisServer.start();
    Properties p = new Properties();
    p.setProperty("redis.address", server.uri());
    p.setProperty("defaults.segments", Integer.toString(segments));
    managerB =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:" + cache + "-b"), TwoRaceNodes.class.getClassLoader(), p);
    b =
        managerB.createCache(
            cache,
            new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setStatisticsEnabled(true));

    ProviderSettings settings = managerB.unwrap(RedisCacheManager.class).settings();
    ClassLoader loader = TwoRaceNodes.class.getClassLoader();
    keys = new KeyEncoder(settings.codec().withClassLoader(loader));
    codec = Codecs.create(settings.codec().withClassLoader(loader));
    connA = new RedisConnection(RedissonConfigFactory.create(settings), settings.keyPrefix());
    int created = connA.segmentsOf(cache, segments);
    storeA = connA.storeFor(cache, created, 60_000);
    layout = storeA.layout();
    NearCacheSettings near =
        new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofHours(1));
    ticking = NearClock.startTicking();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, cache + "-test-timer");
              t.setDaemon(true);
              return t;
            });
    // Messages only invalidate on node A: the races are about drops, not the values messages carry.
    pathA =
        new NearPathFactory(keys, codec, new ValueCopier(codec), scheduler)
            .invalidatingOnly()
            .create(connA, storeA, near, NearClock.system());
    tierA = pathA.tier();
    for (int s = 0; s < created; s++) {
      int segment = s;
      await("segment " + s + " of node A live", () -> tierA.isLive(segment));
    }
  }

  /** Polls {@code condition} every millisecond for up to ten seconds. */
  void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!condition.get()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what + "; node A " + tierA.metrics());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until node A's tier has handled at least {@code count} change messages in all. */
  void awaitInvalidations(long count) {
    await(
        count + " change messages on node A",
        () -> tierA.metrics().invalidationsReceived() >= count);
  }

  @Override
  public void close() {
    pathA.close();
    connA.close();
    scheduler.shutdownNow();
    ticking.close();
    managerB.close();
    server.close();
  }
}
