package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring's {@code @Cacheable(sync = true)} and {@code Cache.get(key, valueLoader)} reach a JCache
 * as {@code invoke} with a processor that loads when the entry is absent. Concurrent callers of a
 * cold key in one JVM must run the loader once: the others wait and see its value. Callers of other
 * keys do not wait for each other.
 */
@Timeout(60)
class InvokeOncePerKeyTest {
  static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static CacheManager node(boolean near) {
    Properties p = redis.properties();
    p.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:invoke-once-" + near), InvokeOncePerKeyTest.class.getClassLoader(), p);
  }

  /** What Spring's ValueLoaderEntryProcessor does: return the value, loading it when absent. */
  static final class LoadIfAbsent implements EntryProcessor<String, String, String> {
    final AtomicInteger loads;
    final CountDownLatch allStarted;

    LoadIfAbsent(AtomicInteger loads, CountDownLatch allStarted) {
      this.loads = loads;
      this.allStarted = allStarted;
    }

    @Override
    public String process(
        javax.cache.processor.MutableEntry<String, String> entry, Object... arguments) {
      if (entry.exists()) {
        return entry.getValue();
      }
      int n = loads.incrementAndGet();
      try {
        Thread.sleep(200); // a slow loader: every other caller arrives while it runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String value = "loaded-" + n;
      entry.setValue(value);
      return value;
    }
  }

  @ParameterizedTest(name = "near tier {0}")
  @ValueSource(booleans = {true, false})
  void concurrentCallersOfAColdKeyRunTheLoaderOnce(boolean near) throws Exception {
    CacheManager manager = node(near);
    Cache<String, String> cache =
        manager.createCache(
            "invoke-once-" + near,
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    int callers = 8;
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch ready = new CountDownLatch(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  return cache.invoke("cold", new LoadIfAbsent(loads, ready));
                }));
      }
      for (Future<String> result : results) {
        assertEquals("loaded-1", result.get());
      }
      assertEquals(1, loads.get(), "the loader ran once for " + callers + " concurrent callers");
      assertEquals("loaded-1", cache.get("cold"));
      assertEquals(
          0, cache.unwrap(RedisCache.class).invokeLocksInUse(), "no lock is kept for an idle key");

      // Different keys: each caller loads its own, in parallel (8 × 200 ms would exceed this
      // bound).
      loads.set(0);
      CountDownLatch again = new CountDownLatch(callers);
      long start = System.nanoTime();
      List<Future<String>> distinct = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String key = "key-" + i;
        distinct.add(
            pool.submit(
                () -> {
                  again.countDown();
                  again.await();
                  return cache.invoke(key, new LoadIfAbsent(loads, again));
                }));
      }
      for (Future<String> result : distinct) {
        result.get();
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(callers, loads.get());
      assertEquals(
          true,
          millis < callers * 200L,
          "distinct keys did not wait for each other: " + millis + " ms");
    } finally {
      pool.shutdownNow();
      manager.close();
    }
  }
}
