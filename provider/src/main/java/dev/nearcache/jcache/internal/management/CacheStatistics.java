package dev.nearcache.jcache.internal.management;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * Statistics of one cache, exposed as {@link CacheStatisticsMXBean}.
 *
 * <p>The {@code record*} methods do nothing while the statistics are disabled. Average times are
 * reported in microseconds: total time of the operation kind divided by its count (gets = hits +
 * misses, puts, removals), {@code 0} when the count is {@code 0}. Percentages are in the range
 * 0..100 and {@code 0} when there were no gets.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

  private static final float NANOS_PER_MICRO = TimeUnit.MICROSECONDS.toNanos(1);

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();
  private volatile boolean enabled;

  /** Creates enabled statistics. */
  public CacheStatistics() {
    this(true);
  }

  public CacheStatistics(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** Turns recording on or off; the counters are kept (use {@link #clear()} to reset them). */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public void recordHits(long count) {
    if (enabled) {
      hits.add(count);
    }
  }

  public void recordMisses(long count) {
    if (enabled) {
      misses.add(count);
    }
  }

  public void recordPuts(long count) {
    if (enabled) {
      puts.add(count);
    }
  }

  public void recordRemovals(long count) {
    if (enabled) {
      removals.add(count);
    }
  }

  public void recordEvictions(long count) {
    if (enabled) {
      evictions.add(count);
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
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getTimeNanos.reset();
    putTimeNanos.reset();
    removeTimeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = hits.sum();
    long gets = h + misses.sum();
    return gets == 0 ? 0f : (float) (h * 100.0 / gets);
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = misses.sum();
    long gets = hits.sum() + m;
    return gets == 0 ? 0f : (float) (m * 100.0 / gets);
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getTimeNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putTimeNanos.sum(), puts.sum());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeTimeNanos.sum(), removals.sum());
  }

  private static float average(long totalNanos, long count) {
    if (count <= 0 || totalNanos <= 0) {
      return 0f;
    }
    return (float) (totalNanos / (double) count / NANOS_PER_MICRO);
  }

  @Override
  public String toString() {
    return "CacheStatistics{enabled=" + enabled + ", hits=" + hits + ", misses=" + misses
        + ", puts=" + puts + ", removals=" + removals + ", evictions=" + evictions + '}';
  }
}
