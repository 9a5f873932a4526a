package dev.nearcache.jcache.internal.near;

import dev.nearcache.jcache.internal.redis.Applied;
import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.RedisFailures;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.near.internal.NearClock;
import dev.nearcache.near.internal.NearTier;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.serialization.ValueCopier;
import java.util.concurrent.ScheduledExecutorService;
import javax.cache.CacheException;
import org.redisson.client.RedisException;

/**
 * Builds a cache's near path: its {@link NearTier}, the {@link NearCacheLink} that feeds it from
 * Redis (subscribed and reconciling before the path is handed out) and the {@link CoherentNearPath}
 * the cache reads and writes through. The one place these are wired together, for the cache manager
 * and for tests alike.
 */
public final class NearPathFactory {
  private final KeyEncoder keys;
  private final Codec codec;
  private final ValueCopier copier;
  private final ScheduledExecutorService scheduler;

  /** Whether a held copy is replaced by the value a change message carries (else only dropped). */
  private final boolean takeCarriedValues;

  /**
   * @param keys decodes the keys change messages carry
   * @param codec decodes the values change messages carry, and payloads
   * @param copier tells which values may be shared as objects
   * @param scheduler runs reconciliation and its rechecks
   */
  public NearPathFactory(
      KeyEncoder keys, Codec codec, ValueCopier copier, ScheduledExecutorService scheduler) {
    this(keys, codec, copier, scheduler, true);
  }

  private NearPathFactory(
      KeyEncoder keys,
      Codec codec,
      ValueCopier copier,
      ScheduledExecutorService scheduler,
      boolean takeCarriedValues) {
    this.keys = keys;
    this.codec = codec;
    this.copier = copier;
    this.scheduler = scheduler;
    this.takeCarriedValues = takeCarriedValues;
  }

  /**
   * A factory whose near paths treat every change message as an invalidation, ignoring the values
   * some carry: for tests of what a drop does.
   */
  public NearPathFactory invalidatingOnly() {
    return new NearPathFactory(keys, codec, copier, scheduler, false);
  }

  /**
   * A started near path for {@code store}'s cache, timed by {@code clock} (the system clock must be
   * {@linkplain NearClock#startTicking ticking} while the path is used); fails with a
   * CacheException if it cannot subscribe.
   */
  public CoherentNearPath create(
      RedisConnection redis, RedisStore store, NearCacheSettings settings, NearClock clock) {
    SegmentLayout layout = store.layout();
    NearTier tier = new NearTier(layout.cacheName(), settings, layout.segments(), clock);
    NearCacheLink link =
        new NearCacheLink(
            redis,
            layout,
            tier,
            bytes -> NearKeys.of(keys.decode(bytes), bytes),
            takeCarriedValues
                ? new NearEntryFactory(tier, codec::decode, copier::isImmutable)
                : null,
            settings.reconciliationInterval(),
            scheduler);
    try {
      link.start();
    } catch (CacheException e) {
      link.close();
      throw e;
    } catch (RedisException e) {
      link.close();
      // Subscribing changes nothing in Redis.
      throw RedisFailures.translate(
          layout.cacheName(), "subscribing to its change channels", e, Applied.NOT_APPLIED);
    } catch (RuntimeException e) {
      link.close();
      throw new CacheException(
          "Cache '"
              + layout.cacheName()
              + "': cannot subscribe to its change channels: "
              + e.getMessage(),
          e);
    }
    return new CoherentNearPath(tier, layout, link, codec::decode, copier::isImmutable);
  }
}
