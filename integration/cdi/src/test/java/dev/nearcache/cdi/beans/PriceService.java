package dev.nearcache.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * A bean with one method per annotation, all in cache "prices" through {@link CacheDefaults}
 * (except where a method names another), counting how often each method body really runs.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "prices")
public class PriceService {
  private final Map<String, String> catalog = new ConcurrentHashMap<>();
  private final Runs runs = new Runs();

  /** How often {@code method} ran with {@code key}. */
  public int runs(String method, Object key) {
    return runs.of(method, key);
  }

  public void resetRuns() {
    runs.reset();
  }

  /** What the system of record holds, without the cache. */
  public void setCatalogPrice(String sku, String price) {
    catalog.put(sku, price);
  }

  @CacheResult
  public String price(String sku) {
    runs.add("price", sku);
    return catalog.getOrDefault(sku, "10");
  }

  /** Key: the sku only, the currency is not part of it. A null result is not cached. */
  @CacheResult(cacheName = "prices-in")
  public String priceIn(@CacheKey String sku, String currency) {
    runs.add("priceIn", sku);
    return "none".equals(currency) ? null : catalog.getOrDefault(sku, "10") + " " + currency;
  }

  @CachePut
  public void updatePrice(String sku, @CacheValue String price) {
    runs.add("updatePrice", sku);
    catalog.put(sku, price);
  }

  /** Caches before the method runs, so even a failing update is cached. */
  @CachePut(afterInvocation = false)
  public void updatePriceEagerly(String sku, @CacheValue String price) {
    runs.add("updatePriceEagerly", sku);
    throw new IllegalStateException("the system of record refused " + sku);
  }

  @CacheRemove
  public void discontinue(String sku) {
    runs.add("discontinue", sku);
    catalog.remove(sku);
  }

  @CacheRemoveAll
  public void reprice() {
    runs.add("reprice", "");
  }

  @CacheRemoveAll(cacheName = "prices-in")
  public void repriceCurrencies() {
    runs.add("repriceCurrencies", "");
  }
}
