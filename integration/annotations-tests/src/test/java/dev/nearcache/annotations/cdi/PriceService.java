package dev.nearcache.annotations.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** The CDI quick start's bean (docs/annotations.md). */
// tag::cdi-bean[]
@ApplicationScoped
@CacheDefaults(cacheName = "prices")
public class PriceService {
  @Inject Catalog catalog; // the system of record

  @CacheResult // key: sku; runs on a miss only, and caches what it returns
  public BigDecimal price(String sku) {
    return catalog.load(sku);
  }

  @CachePut // caches price under sku once the method has returned
  public void updatePrice(String sku, @CacheValue BigDecimal price) {
    catalog.save(sku, price);
  }

  @CacheRemove // removes sku's entry
  public void discontinue(String sku) {
    catalog.delete(sku);
  }

  @CacheRemoveAll // empties the cache
  public void reloadAll() {}
}
// end::cdi-bean[]
