package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

/**
 * {@code @Cacheable(sync = true)} means once: concurrent callers of a cold key run the method once
 * in this instance and all get its result (Spring routes it through {@code invoke}, which runs one
 * entry processor per key at a time).
 */
@Timeout(120)
class SyncCacheableTest {

  /** The application: one slow method, cached with sync = true. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  @Import(Quotes.class)
  public static class SyncApp {}

  /** A slow loader that counts its runs. */
  @Service
  public static class Quotes {
    private final AtomicInteger runs = new AtomicInteger();

    /** Through a method: the bean the test holds is Spring's caching proxy. */
    public int runs() {
      return runs.get();
    }

    @Cacheable(cacheNames = "quotes", sync = true)
    public String quote(String symbol) throws InterruptedException {
      int run = runs.incrementAndGet();
      Thread.sleep(200); // every other caller arrives while it runs
      return symbol + "@" + run;
    }
  }

  @Test
  void concurrentCallersOfAColdKeyRunTheMethodOnce() throws Exception {
    try (ConfigurableApplicationContext app =
        Apps.run(
            SyncApp.class,
            "--spring.cache.cache-names=quotes",
            "--nearcache.manager-uri=urn:sync")) {
      Quotes quotes = app.getBean(Quotes.class);
      int callers = 4;
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
                    return quotes.quote("ACME");
                  }));
        }
        for (Future<String> result : results) {
          assertEquals("ACME@1", result.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, quotes.runs(), "the method ran once for " + callers + " concurrent callers");
    }
  }
}
