package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCacheManager;
import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.internal.config.RedissonConfigFactory;
import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheMetrics;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation (docs/design.md, "Reconciliation") on a node whose Redis never restarts, while
 * another node writes continuously: the sequence numbers it reads are at times behind the change
 * messages already handled (a message published after the reconciliation's GET can be handled
 * before the GET's reply is compared). That is not a sequence reset and must not be reported or
 * cleared as one.
 */
class ReconciliationUnderLoadTest {

  @Test
  void aReconciliationReadOvertakenByMessagesIsNotASequenceReset() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      Properties p = new Properties();
      p.setProperty("redis.address", server.uri());
      CacheManager managerB =
          new NearCachingProvider()
              .getCacheManager(URI.create("urn:reconcile-b"), getClass().getClassLoader(), p);
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      NearClock.Ticking ticking = NearClock.startTicking();
      RedisConnection connA = null;
      NearCacheLink link = null;
      try {
        Cache<String, String> b =
            managerB.createCache(
                "reconciled",
                new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        ProviderSettings settings = managerB.unwrap(RedisCacheManager.class).settings();
        KeyEncoder keys =
            new KeyEncoder(settings.codec().withClassLoader(getClass().getClassLoader()));
        connA = new RedisConnection(RedissonConfigFactory.create(settings), settings.keyPrefix());
        int segments = connA.segmentsOf("reconciled", 4);
        RedisStore storeA = connA.storeFor("reconciled", segments, 60_000);
        // Reconciliation is driven by the test (link.reconcile()), not by the timer.
        NearCacheSettings near =
            new NearCacheSettings(true, 10_000, Duration.ofMinutes(10), Duration.ofHours(1));
        Codec codec = Codecs.create(settings.codec().withClassLoader(getClass().getClassLoader()));
        CoherentNearPath path =
            new NearPathFactory(keys, codec, new ValueCopier(codec), scheduler)
                .create(connA, storeA, near, NearClock.system());
        NearTier tier = path.tier();
        link = path.link();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int s = 0; s < segments; s++) {
          while (!tier.isLive(s)) {
            if (System.nanoTime() > deadline) {
              fail("segment " + s + " never went live");
            }
            Thread.sleep(1);
          }
        }
        NearCacheMetrics m = tier.metrics();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        Thread writer =
            new Thread(
                () -> {
                  int i = 0;
                  while (!stop.get()) {
                    b.put("w" + (i++ % 64), "v" + i);
                    writes.incrementAndGet();
                  }
                },
                "writer-b");
        writer.setDaemon(true);
        writer.start();
        try {
          for (int round = 0; round < 2_000 && m.clears(ClearCause.SEQUENCE_RESET) == 0; round++) {
            link.reconcile().toCompletableFuture().join();
            Thread.sleep(0, 200_000);
          }
        } finally {
          stop.set(true);
          writer.join(10_000);
        }
        assertEquals(
            0,
            m.clears(ClearCause.SEQUENCE_RESET),
            "Redis never restarted, yet reconciliation reported a sequence reset after "
                + writes
                + " writes; node A "
                + m);
        assertTrue(writes.get() > 100, "B wrote: " + writes);
      } finally {
        if (link != null) {
          link.close();
        }
        if (connA != null) {
          connA.close();
        }
        scheduler.shutdownNow();
        ticking.close();
        managerB.close();
      }
    }
  }
}
