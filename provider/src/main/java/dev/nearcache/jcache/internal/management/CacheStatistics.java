package dev.nearcache.jcache.internal.management;

import dev.nearcache.jcache.CacheCounts;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * Statistics of one cache, exposed as {@link CacheStatisticsMXBean}, and the monotonic totals a
 * meter registry reads (the {@link CacheCounts} methods).
 *
 * <p>One set of counters serves both: an operation costs one increment however many readers there
 * are. Counting runs while JCache statistics are enabled or a meter binder holds a {@link
 * #startCounting() handle}; the {@code record*} methods do nothing otherwise. The totals only grow,
 * as meter registries need. The JCache view is the counts minus a baseline: {@link #clear()} moves
 * the baseline to now, and while statistics are disabled the view stays frozen at what it showed
 * when they were switched off, so counting for meters never leaks into it.
 *
 * <p>Average times are reported in microseconds: total time of the operation kind divided by its
 * count (gets = hits + misses, puts, removals), {@code 0} when the count is {@code 0}. They are
 * JCache's alone and recorded only while statistics are enabled. Percentages are in the range
 * 0..100 and {@code 0} when there were no gets.
 */
public final class CacheStatistics implements CacheStatisticsMXBean, CacheCounts {

  private static final float NANOS_PER_MICRO = TimeUnit.MICROSECONDS.toNanos(1);

  /** A count for meters, and the JCache view of it. */
  private static final class Count {
    final LongAdder total = new LongAdder();

    /** JCache shows {@code total - baseline} while enabled. */
    volatile long baseline;

    /** What JCache showed when statistics were switched off (shown until they are on again). */
    volatile long frozen;

    long view(boolean enabled) {
      return enabled ? total.sum() - baseline : frozen;
    }

    void freeze() {
      frozen = total.sum() - baseline;
    }

    void resume() {
      baseline = total.sum() - frozen;
    }

    void clear() {
      baseline = total.sum();
      frozen = 0;
    }
  }

  private final Count hits = new Count();
  private final Count misses = new Count();
  private final Count puts = new Count();
  private final Count removals = new Count();
  private final Count evictions = new Count();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();
  private final Object switches = new Object();

  /** JCache statistics on; guarded by {@link #switches} for writes. */
  private volatile boolean enabled;

  /** Handles held by meter binders; guarded by {@link #switches}. */
  private int meterHandles;

  /** {@code enabled || meterHandles > 0}: the one flag the record methods read. */
  private volatile boolean counting;

  /** Told when {@link #counting} changes; guarded by {@link #switches}. */
  private java.util.function.Consumer<Boolean> countingListener = on -> {};

  /** Creates enabled statistics. */
  public CacheStatistics() {
    this(true);
  }

  public CacheStatistics(boolean enabled) {
    this.enabled = enabled;
    this.counting = enabled;
  }

  /**
   * Calls {@code listener} now with {@link #isCounting()} and again whenever it changes (under this
   * object's switch lock, so calls arrive in order). The cache ties the near tier's read counters
   * to it.
   */
  public void onCountingChange(java.util.function.Consumer<Boolean> listener) {
    synchronized (switches) {
      countingListener = listener;
      listener.accept(counting);
    }
  }

  private void setCounting(boolean now) {
    if (now != counting) {
      counting = now;
      countingListener.accept(now);
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** Whether operations are being counted (statistics on, or a meter binder counting). */
  public boolean isCounting() {
    return counting;
  }

  /**
   * Turns JCache statistics on or off. The JCache view keeps its counts across the switch (use
   * {@link #clear()} to reset them); counting for meters is not affected.
   */
  public void setEnabled(boolean enabled) {
    synchronized (switches) {
      if (enabled == this.enabled) {
        return;
      }
      for (Count c : allCounts()) {
        if (enabled) {
          c.resume();
        } else {
          c.freeze();
        }
      }
      this.enabled = enabled;
      setCounting(enabled || meterHandles > 0);
    }
  }

  /**
   * Keeps operations counted until the returned handle is closed, whatever the statistics switch
   * says: what a meter binder holds while it is bound. Handles nest; closing one twice is harmless.
   */
  public Runnable startCounting() {
    synchronized (switches) {
      meterHandles++;
      setCounting(true);
    }
    java.util.concurrent.atomic.AtomicBoolean open =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        synchronized (switches) {
          meterHandles--;
          setCounting(enabled || meterHandles > 0);
        }
      }
    };
  }

  private Count[] allCounts() {
    return new Count[] {hits, misses, puts, removals, evictions};
  }

  /**
   * The counts since the cache was opened, never reset: hits, misses, puts, removals, evictions.
   */
  @Override
  public long hits() {
    return hits.total.sum();
  }

  @Override
  public long misses() {
    return misses.total.sum();
  }

  @Override
  public long puts() {
    return puts.total.sum();
  }

  @Override
  public long removals() {
    return removals.total.sum();
  }

  @Override
  public long evictions() {
    return evictions.total.sum();
  }

  public void recordHits(long count) {
    if (counting) {
      hits.total.add(count);
    }
  }

  public void recordMisses(long count) {
    if (counting) {
      misses.total.add(count);
    }
  }

  public void recordPuts(long count) {
    if (counting) {
      puts.total.add(count);
    }
  }

  public void recordRemovals(long count) {
    if (counting) {
      removals.total.add(count);
    }
  }

  public void recordEvictions(long count) {
    if (counting) {
      evictions.total.add(count);
    }
  }

  public void recordGetTime(long nanos) {
    if (enabled) {
      getTimeNanos.add(nanos);
    }
  }

  public void recordPutTime(long nanos) {
    if (enabled) {
      putTimeNanos.add(nanos);
    }
  }

  public void recordRemoveTime(long nanos) {
    if (enabled) {
      removeTimeNanos.add(nanos);
    }
  }

  @Override
  public void clear() {
    synchronized (switches) {
      for (Count c : allCounts()) {
        c.clear();
      }
      getTimeNanos.reset();
      putTimeNanos.reset();
      removeTimeNanos.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.view(enabled);
  }

  @Override
  public float getCacheHitPercentage() {
    boolean on = enabled;
    long h = hits.view(on);
    long gets = h + misses.view(on);
    return gets == 0 ? 0f : (float) (h * 100.0 / gets);
  }

  @Override
  public long getCacheMisses() {
    return misses.view(enabled);
  }

  @Override
  public float getCacheMissPercentage() {
    boolean on = enabled;
    long m = misses.view(on);
    long gets = hits.view(on) + m;
    return gets == 0 ? 0f : (float) (m * 100.0 / gets);
  }

  @Override
  public long getCacheGets() {
    boolean on = enabled;
    return hits.view(on) + misses.view(on);
  }

  @Override
  public long getCachePuts() {
    return puts.view(enabled);
  }

  @Override
  public long getCacheRemovals() {
    return removals.view(enabled);
  }

  @Override
  public long getCacheEvictions() {
    return evictions.view(enabled);
  }

  @Override
  public float getAverageGetTime() {
    return average(getTimeNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putTimeNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeTimeNanos.sum(), getCacheRemovals());
  }

  private static float average(long totalNanos, long count) {
    if (count <= 0 || totalNanos <= 0) {
      return 0f;
    }
    return (float) (totalNanos / (double) count / NANOS_PER_MICRO);
  }

  @Override
  public String toString() {
    return "CacheStatistics{enabled="
        + enabled
        + ", counting="
        + counting
        + ", hits="
        + getCacheHits()
        + ", misses="
        + getCacheMisses()
        + ", puts="
        + getCachePuts()
        + ", removals="
        + getCacheRemovals()
        + ", evictions="
        + getCacheEvictions()
        + '}';
  }
}
