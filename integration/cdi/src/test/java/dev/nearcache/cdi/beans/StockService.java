package dev.nearcache.cdi.beans;

import dev.nearcache.cdi.notallowed.UnstorableSkuException;
import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * {@code exceptionCacheName}: an unknown sku's {@link UnknownSkuException} is cached and thrown
 * again without running the method; any other exception is not cached. An {@link
 * UnstorableSkuException} is to be cached too, but the codec does not allow its class.
 */
@ApplicationScoped
public class StockService {
  private final Runs runs = new Runs();

  public int runs(String sku) {
    return runs.of("stock", sku);
  }

  @CacheResult(
      cacheName = "stock",
      exceptionCacheName = "stock-failures",
      cachedExceptions = {UnknownSkuException.class, UnstorableSkuException.class})
  public Integer stock(String sku) {
    runs.add("stock", sku);
    if (sku.startsWith("unknown")) {
      throw new UnknownSkuException(sku);
    }
    if (sku.startsWith("unstorable")) {
      throw new UnstorableSkuException(sku);
    }
    if (sku.startsWith("flaky")) {
      throw new IllegalStateException("warehouse unreachable for " + sku);
    }
    return sku.length();
  }

  @CacheRemoveAll(cacheName = "stock-failures")
  public void forgetFailures() {}
}
