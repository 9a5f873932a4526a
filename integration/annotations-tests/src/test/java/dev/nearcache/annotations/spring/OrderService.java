package dev.nearcache.annotations.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** Spring specifics: keys of two parameters, null results, exceptionCacheName. */
public class OrderService {
  private final Map<List<Object>, AtomicInteger> runs = new ConcurrentHashMap<>();

  public int runs(Object... call) {
    AtomicInteger count = runs.get(List.of(call));
    return count == null ? 0 : count.get();
  }

  private void ran(Object... call) {
    runs.computeIfAbsent(List.of(call), k -> new AtomicInteger()).incrementAndGet();
  }

  /** Two key parameters: Spring's key is a SimpleKey of both. */
  @CacheResult(cacheName = "order-lines")
  public String line(String orderId, int line) {
    ran("line", orderId, line);
    return orderId + "#" + line;
  }

  /** Spring caches a null result too (as its NullValue). */
  @CacheResult(cacheName = "order-notes")
  public String note(@CacheKey String orderId, String ignored) {
    ran("note", orderId);
    return null;
  }

  @CacheResult(
      cacheName = "order-status",
      exceptionCacheName = "order-failures",
      cachedExceptions = UnknownOrderException.class)
  public String status(String orderId) {
    ran("status", orderId);
    if (orderId.startsWith("unknown")) {
      throw new UnknownOrderException(orderId);
    }
    return "shipped";
  }

  public static class UnknownOrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownOrderException(String orderId) {
      super("unknown order " + orderId);
    }
  }
}
