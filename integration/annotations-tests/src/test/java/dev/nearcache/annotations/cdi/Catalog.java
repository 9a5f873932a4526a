package dev.nearcache.annotations.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The quick start's system of record: counts its loads (per JVM, across containers). */
@ApplicationScoped
public class Catalog {
  private static final Map<String, BigDecimal> PRICES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

  public BigDecimal load(String sku) {
    LOADS.computeIfAbsent(sku, k -> new AtomicInteger()).incrementAndGet();
    return PRICES.getOrDefault(sku, new BigDecimal("10.00"));
  }

  public void save(String sku, BigDecimal price) {
    PRICES.put(sku, price);
  }

  public void delete(String sku) {
    PRICES.remove(sku);
  }

  public static int loads(String sku) {
    AtomicInteger count = LOADS.get(sku);
    return count == null ? 0 : count.get();
  }
}
