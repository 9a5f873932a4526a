package dev.nearcache.annotations.guice;

import jakarta.inject.Inject;
import java.math.BigDecimal;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** The Guice quick start's bean (docs/annotations.md). */
// tag::guice-bean[]
@CacheDefaults(cacheName = "rates")
public class RateService {
  private final RateFeed feed; // the system of record

  @Inject
  public RateService(RateFeed feed) {
    this.feed = feed;
  }

  @CacheResult // key: currency; runs on a miss only, and caches what it returns
  public BigDecimal rate(String currency) {
    return feed.fetch(currency);
  }

  @CachePut // caches rate under currency once the method has returned
  public void publish(String currency, @CacheValue BigDecimal rate) {
    feed.store(currency, rate);
  }

  @CacheRemove
  public void withdraw(String currency) {
    feed.remove(currency);
  }

  @CacheRemoveAll
  public void reloadAll() {}
}
// end::guice-bean[]
