package dev.nearcache.micrometer;

import dev.nearcache.jcache.CacheCounts;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.LatencyHistogram;
import dev.nearcache.near.NearCacheMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.cache.Cache;

/**
 * The meters of one nearcache cache: Micrometer's standard cache meters ({@code cache.gets}, {@code
 * cache.puts}, {@code cache.removals}, {@code cache.evictions}, as its {@code CacheMeterBinder} and
 * {@code JCacheMetrics} name them) and, when the cache has a near tier, the near tier's ({@code
 * nearcache.*}); every meter tagged {@code cache} (the cache's name) and {@code cache.manager}.
 * docs/metrics.md lists them.
 *
 * <p>The counts come from the provider itself ({@link RedisCache#counts()}, {@link
 * RedisCache#nearCacheMetrics()}), not from JCache statistics: each {@link #bindTo} opens a
 * {@linkplain RedisCache#startCounting() counting handle}, which keeps operations counted with
 * statistics off at the cost statistics have (one increment per operation, none more on a near
 * hit), and {@link #close()} closes it and removes the meters from every registry they were bound
 * to. A binder that is never closed keeps its cache counting. To follow every cache of a manager,
 * including those opened or closed later, use {@link NearCacheManagerMeterBinder}.
 *
 * <p>Thread-safe. Binding to a closed cache, or after {@link #close()}, binds nothing.
 */
public final class NearCacheMeterBinder implements MeterBinder, AutoCloseable {
  /** The tag naming the cache. */
  public static final String CACHE_TAG = "cache";

  /** The tag naming the cache manager: its URI unless a {@code cache.manager} tag is given. */
  public static final String MANAGER_TAG = "cache.manager";

  /** The percentiles of the invalidation delay published, and their {@code phi} tag values. */
  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private static final String[] PHI = {"0.5", "0.9", "0.99", "0.999"};

  // Micrometer's own descriptions of the standard meters (CacheMeterBinder, JCacheMetrics).
  private static final String GETS =
      "The number of times cache lookup methods have returned a cached (hit) or"
          + " uncached (newly loaded or null) value (miss).";

  private final RedisCache<?, ?> cache;
  private final Tags tags;
  private final List<Binding> bindings = new ArrayList<>();
  private boolean closed;

  /** What one {@link #bindTo} did: the meters it registered and the handle it opened. */
  private record Binding(MeterRegistry registry, List<Meter> meters, CacheCounts.Handle counting) {}

  /**
   * Meters for {@code cache} (a nearcache cache, or one that {@linkplain Cache#unwrap unwraps} to
   * {@link RedisCache}), tagged {@code cache} and {@code cache.manager} (the manager's URI).
   */
  public NearCacheMeterBinder(Cache<?, ?> cache) {
    this(cache, Tags.empty());
  }

  /**
   * Meters for {@code cache} with {@code tags} added; a {@code cache.manager} tag among them names
   * the manager (as Spring Boot's cache metrics pass the manager's bean name), otherwise the
   * manager's URI does. The {@code cache} tag is always the cache's name.
   */
  public NearCacheMeterBinder(Cache<?, ?> cache, Iterable<Tag> tags) {
    Objects.requireNonNull(cache, "cache must not be null");
    Objects.requireNonNull(tags, "tags must not be null");
    this.cache =
        cache instanceof RedisCache<?, ?> redisCache ? redisCache : cache.unwrap(RedisCache.class);
    Tags all = Tags.of(tags);
    if (!hasKey(all, MANAGER_TAG)) {
      all = all.and(MANAGER_TAG, String.valueOf(this.cache.getCacheManager().getURI()));
    }
    this.tags = all.and(CACHE_TAG, this.cache.getName());
  }

  private static boolean hasKey(Iterable<Tag> tags, String key) {
    for (Tag tag : tags) {
      if (tag.getKey().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The tags every meter of this binder carries (with {@code cache} and {@code cache.manager}). */
  public Tags tags() {
    return tags;
  }

  /** The cache whose meters these are. */
  public RedisCache<?, ?> cache() {
    return cache;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    if (closed || cache.isClosed()) {
      return;
    }
    CacheCounts.Handle counting = cache.startCounting();
    List<Meter> meters = new ArrayList<>();
    try {
      bindStandard(registry, meters);
      NearCacheMetrics near = cache.nearCacheMetrics();
      if (near != null) {
        bindNearTier(registry, meters, near);
      }
    } catch (RuntimeException | Error e) {
      meters.forEach(registry::remove);
      counting.close();
      throw e;
    }
    bindings.add(new Binding(registry, List.copyOf(meters), counting));
  }

  /**
   * Removes this binder's meters from every registry it was bound to and stops the counting it
   * started (the cache's statistics, if enabled, still count). Closing twice is harmless.
   */
  @Override
  public synchronized void close() {
    closed = true;
    for (Binding binding : bindings) {
      binding.meters().forEach(binding.registry()::remove);
      binding.counting().close();
    }
    bindings.clear();
  }

  /** Micrometer's standard cache meters, with the names and descriptions its cache binders use. */
  private void bindStandard(MeterRegistry registry, List<Meter> meters) {
    CacheCounts counts = cache.counts();
    meters.add(counter(registry, "cache.gets", GETS, counts, CacheCounts::hits, "result", "hit"));
    meters.add(
        counter(registry, "cache.gets", GETS, counts, CacheCounts::misses, "result", "miss"));
    meters.add(
        counter(
            registry,
            "cache.puts",
            "The number of entries added to the cache",
            counts,
            CacheCounts::puts));
    meters.add(
        counter(
            registry,
            "cache.evictions",
            "The number of times the cache was evicted.",
            counts,
            CacheCounts::evictions));
    meters.add(
        counter(registry, "cache.removals", "Cache removals", counts, CacheCounts::removals));
  }

  private void bindNearTier(MeterRegistry registry, List<Meter> meters, NearCacheMetrics near) {
    String reads = "Reads of the cache that the near tier answered (hit) or sent to Redis (miss)";
    meters.add(
        counter(
            registry,
            "nearcache.near.gets",
            reads,
            near,
            NearCacheMetrics::nearHits,
            "result",
            "hit"));
    meters.add(
        counter(
            registry,
            "nearcache.near.gets",
            reads,
            near,
            NearCacheMetrics::nearMisses,
            "result",
            "miss"));
    String remote =
        "Reads sent to Redis after a near miss that found the entry (hit) or not (miss)";
    meters.add(
        counter(
            registry,
            "nearcache.redis.gets",
            remote,
            near,
            NearCacheMetrics::redisHits,
            "result",
            "hit"));
    meters.add(
        counter(
            registry,
            "nearcache.redis.gets",
            remote,
            near,
            NearCacheMetrics::redisMisses,
            "result",
            "miss"));
    meters.add(
        counter(
            registry,
            "nearcache.single.flight.joins",
            "Near misses that waited for another thread's read of the same key instead of reading Redis",
            near,
            NearCacheMetrics::singleFlightJoins));
    meters.add(
        counter(
            registry,
            "nearcache.invalidations",
            "Change messages received (each drops or replaces a key held here, or clears a segment)",
            near,
            NearCacheMetrics::invalidationsReceived));
    meters.add(
        counter(
            registry,
            "nearcache.values.replaced",
            "Entries held here replaced by the value another node's change message carried",
            near,
            NearCacheMetrics::valuesReplaced));
    meters.add(
        counter(
            registry,
            "nearcache.gaps",
            "Sequence gaps detected in change messages (a lost message; each clears a segment)",
            near,
            NearCacheMetrics::gapsDetected));
    meters.add(
        counter(
            registry,
            "nearcache.races.lost",
            "Values read or written but not installed in the near tier because a newer change arrived first",
            near,
            NearCacheMetrics::populationRacesLost));
    meters.add(
        counter(
            registry,
            "nearcache.lease.expiries",
            "Times every segment stopped serving because synchronisation with Redis could not be confirmed",
            near,
            NearCacheMetrics::leaseExpiries));
    for (ClearCause cause : ClearCause.values()) {
      meters.add(
          counter(
              registry,
              "nearcache.clears",
              "Segments whose near entries were dropped, by cause",
              near,
              m -> m.clears(cause),
              "cause",
              cause.name().toLowerCase(Locale.ROOT)));
    }
    meters.add(
        Gauge.builder("nearcache.segments.serving", cache, RedisCache::nearSegmentsServing)
            .tags(tags)
            .description(
                "Segments the near tier serves from now (subscribed, synchronised, under lease)")
            .register(registry));
    int segments = segments(cache);
    meters.add(
        Gauge.builder("nearcache.segments", cache, c -> segments)
            .tags(tags)
            .description("Segments the cache is split into")
            .register(registry));
    bindInvalidationDelay(registry, meters, near.invalidationDelayMicros());
  }

  @SuppressWarnings("unchecked") // Cache#getConfiguration takes a raw configuration class
  private static int segments(RedisCache<?, ?> cache) {
    return cache.getConfiguration(RedisCacheConfiguration.class).getSegments();
  }

  /**
   * The invalidation delay as Micrometer publishes a timer's client-side percentiles: a time gauge
   * {@code nearcache.invalidation.delay.percentile} per {@code phi}, with {@code .max} and a {@code
   * .count} counter beside it. They read the provider's histogram when the registry publishes; a
   * change message records into it and nothing else, as without meters.
   */
  private void bindInvalidationDelay(
      MeterRegistry registry, List<Meter> meters, LatencyHistogram delay) {
    String name = "nearcache.invalidation.delay";
    for (int i = 0; i < PERCENTILES.length; i++) {
      double percentile = PERCENTILES[i];
      meters.add(
          TimeGauge.builder(
                  name + ".percentile", delay, TimeUnit.MICROSECONDS, h -> h.percentile(percentile))
              .tags(tags)
              .tag("phi", PHI[i])
              .description(
                  "From a write's execution in Redis to this node dropping its stale copy, at a percentile"
                      + " of every change message since the cache opened (an upper bound within about 6%)")
              .register(registry));
    }
    meters.add(
        TimeGauge.builder(name + ".max", delay, TimeUnit.MICROSECONDS, h -> h.percentile(100))
            .tags(tags)
            .description(
                "The longest invalidation delay since the cache opened (an upper bound within about 6%)")
            .register(registry));
    meters.add(
        counter(
            registry,
            name + ".count",
            "Change messages whose invalidation delay was measured",
            delay,
            LatencyHistogram::count));
  }

  private <T> FunctionCounter counter(
      MeterRegistry registry,
      String name,
      String description,
      T state,
      ToDoubleFunction<T> count,
      String... extraTags) {
    return FunctionCounter.builder(name, state, count)
        .tags(tags)
        .tags(extraTags)
        .description(description)
        .register(registry);
  }

  @Override
  public String toString() {
    return "NearCacheMeterBinder[" + tags + "]";
  }
}
