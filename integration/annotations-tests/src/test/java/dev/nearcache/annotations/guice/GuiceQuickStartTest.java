package dev.nearcache.annotations.guice;

import static dev.nearcache.annotations.Caches.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.nearcache.annotations.Caches;
import dev.nearcache.annotations.SharedRedis;
import java.math.BigDecimal;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.jsr107.ri.annotations.DefaultGeneratedCacheKey;
import org.jsr107.ri.annotations.guice.module.CacheAnnotationsModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guice 6 with the JSR-107 annotations RI's {@link CacheAnnotationsModule} over nearcache: the
 * quick start of docs/annotations.md as documented, then the other annotations and another node.
 * The RI's default resolver opens {@code Caching.getCachingProvider()} (no argument: nearcache is
 * the only provider) and its default manager.
 */
@ExtendWith(SharedRedis.class)
class GuiceQuickStartTest {

  @Test
  void theQuickStartRunsAsDocumented() {
    // tag::guice-main[]
    Injector injector = Guice.createInjector(new CacheAnnotationsModule()); // the RI's interceptors
    RateService rates = injector.getInstance(RateService.class);
    rates.rate("EUR"); // a miss: rate() runs, its result is cached
    rates.rate("EUR"); // a hit: answered by this JVM's near tier
    rates.publish("EUR", new BigDecimal("1.08")); // every JVM's next read sees 1.08
    System.out.println(rates.rate("EUR")); // 1.08, and rate() did not run again
    // end::guice-main[]
    assertEquals(1, RateFeed.fetches("EUR"));
    Cache<Object, Object> cache = Caching.getCachingProvider().getCacheManager().getCache("rates");
    assertEquals(
        new BigDecimal("1.08"), cache.get(new DefaultGeneratedCacheKey(new Object[] {"EUR"})));
  }

  @Test
  void removeRemoveAllAndAnotherNode() {
    RateService rates =
        Guice.createInjector(new CacheAnnotationsModule()).getInstance(RateService.class);
    assertEquals(BigDecimal.ONE, rates.rate("CHF"));
    Cache<Object, Object> cache = Caching.getCachingProvider().getCacheManager().getCache("rates");
    rates.withdraw("CHF");
    assertFalse(cache.containsKey(key("CHF")));
    rates.rate("CHF");
    assertEquals(2, RateFeed.fetches("CHF"), "@CacheRemove: the method ran again");

    rates.reloadAll();
    assertFalse(cache.iterator().hasNext(), "@CacheRemoveAll emptied the cache");

    CacheManager other =
        Caching.getCachingProvider()
            .getCacheManager(
                URI.create("urn:nearcache-annotations-tests:guice-other-node"),
                getClass().getClassLoader());
    try {
      Cache<Object, Object> otherRates = Caches.open(other, "rates");
      rates.publish("GBP", new BigDecimal("0.85"));
      assertEquals(
          new BigDecimal("0.85"), otherRates.get(key("GBP")), "the other node reads the @CachePut");
      otherRates.put(key("GBP"), new BigDecimal("0.86"));
      eventually(
          "the @CacheResult sees the other node's write",
          () -> new BigDecimal("0.86").compareTo(rates.rate("GBP")) == 0);
      assertEquals(0, RateFeed.fetches("GBP"), "rate() never ran: the cache always had a value");
    } finally {
      other.close();
    }
  }

  /**
   * The RI's key: its hash code is written with it, stable across JVMs for strings, not for enums.
   */
  private static DefaultGeneratedCacheKey key(String currency) {
    return new DefaultGeneratedCacheKey(new Object[] {currency});
  }
}
