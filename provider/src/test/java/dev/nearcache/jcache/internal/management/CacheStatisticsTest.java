package dev.nearcache.jcache.internal.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CacheStatisticsTest {

  @Test
  void allZeroInitially() {
    CacheStatistics stats = new CacheStatistics();
    assertTrue(stats.isEnabled());
    assertEquals(0L, stats.getCacheHits());
    assertEquals(0L, stats.getCacheMisses());
    assertEquals(0L, stats.getCacheGets());
    assertEquals(0L, stats.getCachePuts());
    assertEquals(0L, stats.getCacheRemovals());
    assertEquals(0L, stats.getCacheEvictions());
    assertEquals(0f, stats.getCacheHitPercentage());
    assertEquals(0f, stats.getCacheMissPercentage());
    assertEquals(0f, stats.getAverageGetTime());
    assertEquals(0f, stats.getAveragePutTime());
    assertEquals(0f, stats.getAverageRemoveTime());
  }

  @Test
  void countsAndPercentages() {
    CacheStatistics stats = new CacheStatistics();
    stats.recordHits(2);
    stats.recordMisses(1);
    stats.recordPuts(5);
    stats.recordRemovals(3);
    stats.recordEvictions(4);
    assertEquals(2L, stats.getCacheHits());
    assertEquals(1L, stats.getCacheMisses());
    assertEquals(3L, stats.getCacheGets());
    assertEquals(5L, stats.getCachePuts());
    assertEquals(3L, stats.getCacheRemovals());
    assertEquals(4L, stats.getCacheEvictions());
    // TCK: >= 66.65 and <= 33.34
    assertTrue(stats.getCacheHitPercentage() >= 66.65f, "" + stats.getCacheHitPercentage());
    assertTrue(stats.getCacheMissPercentage() <= 33.34f, "" + stats.getCacheMissPercentage());
    assertEquals(100f, stats.getCacheHitPercentage() + stats.getCacheMissPercentage(), 0.001f);

    CacheStatistics half = new CacheStatistics();
    half.recordHits(3);
    half.recordMisses(3);
    assertEquals(50f, half.getCacheHitPercentage());
    assertEquals(50f, half.getCacheMissPercentage());

    CacheStatistics allMiss = new CacheStatistics();
    allMiss.recordMisses(1);
    assertEquals(100f, allMiss.getCacheMissPercentage());
    assertEquals(0f, allMiss.getCacheHitPercentage());
  }

  @Test
  void averageTimesAreInMicroseconds() {
    CacheStatistics stats = new CacheStatistics();
    stats.recordHits(3);
    stats.recordMisses(1);
    stats.recordGetTime(TimeUnit.MICROSECONDS.toNanos(10)); // 10us over 4 gets
    stats.recordPuts(2);
    stats.recordPutTime(3_000); // 3us over 2 puts
    stats.recordRemovals(1);
    stats.recordRemoveTime(TimeUnit.MILLISECONDS.toNanos(2)); // 2000us over 1 removal
    assertEquals(2.5f, stats.getAverageGetTime(), 1e-6f);
    assertEquals(1.5f, stats.getAveragePutTime(), 1e-6f);
    assertEquals(2000f, stats.getAverageRemoveTime(), 1e-3f);

    // time recorded but no operation counted (e.g. a put that expired on creation) -> 0
    CacheStatistics noCount = new CacheStatistics();
    noCount.recordPutTime(5_000);
    assertEquals(0f, noCount.getAveragePutTime());
  }

  @Test
  void disabledRecordsNothingAndClearResets() {
    CacheStatistics stats = new CacheStatistics(false);
    assertFalse(stats.isEnabled());
    stats.recordHits(1);
    stats.recordMisses(1);
    stats.recordPuts(1);
    stats.recordRemovals(1);
    stats.recordEvictions(1);
    stats.recordGetTime(1);
    stats.recordPutTime(1);
    stats.recordRemoveTime(1);
    assertEquals(0L, stats.getCacheGets());
    assertEquals(0L, stats.getCachePuts());
    assertEquals(0L, stats.getCacheRemovals());
    assertEquals(0L, stats.getCacheEvictions());

    stats.setEnabled(true);
    stats.recordHits(1);
    stats.recordPuts(1);
    stats.recordPutTime(1_000);
    stats.recordRemovals(2);
    stats.recordEvictions(1);
    stats.setEnabled(false);
    assertEquals(1L, stats.getCacheHits(), "disabling keeps counters");
    stats.clear();
    assertEquals(0L, stats.getCacheHits());
    assertEquals(0L, stats.getCacheGets());
    assertEquals(0L, stats.getCachePuts());
    assertEquals(0L, stats.getCacheRemovals());
    assertEquals(0L, stats.getCacheEvictions());
    assertEquals(0f, stats.getAveragePutTime());
    assertEquals(0f, stats.getCacheHitPercentage());
  }

  @Test
  void concurrentRecording() throws Exception {
    CacheStatistics stats = new CacheStatistics();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 10_000; i++) {
              stats.recordHits(1);
              stats.recordPuts(1);
            }
          });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(80_000L, stats.getCacheHits());
    assertEquals(80_000L, stats.getCachePuts());
  }
}
