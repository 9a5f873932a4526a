package dev.nearcache.cdi.beans;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts method runs by method name and key. */
public final class Runs {
  private final Map<List<Object>, AtomicInteger> counts = new ConcurrentHashMap<>();

  public void add(String method, Object key) {
    counts.computeIfAbsent(List.of(method, key), k -> new AtomicInteger()).incrementAndGet();
  }

  public int of(String method, Object key) {
    AtomicInteger count = counts.get(List.of(method, key));
    return count == null ? 0 : count.get();
  }

  public void reset() {
    counts.clear();
  }
}
