package dev.nearcache.annotations.guice;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The Guice quick start's system of record: counts its fetches (per JVM). */
public class RateFeed {
  private static final Map<String, BigDecimal> RATES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> FETCHES = new ConcurrentHashMap<>();

  public BigDecimal fetch(String currency) {
    FETCHES.computeIfAbsent(currency, k -> new AtomicInteger()).incrementAndGet();
    return RATES.getOrDefault(currency, BigDecimal.ONE);
  }

  public void store(String currency, BigDecimal rate) {
    RATES.put(currency, rate);
  }

  public void remove(String currency) {
    RATES.remove(currency);
  }

  public static int fetches(String currency) {
    AtomicInteger count = FETCHES.get(currency);
    return count == null ? 0 : count.get();
  }
}
