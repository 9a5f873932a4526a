package dev.nearcache.annotations.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The Spring quick start's system of record: counts its loads (per JVM). */
public class ProfileStore {
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

  public String load(String userId) {
    LOADS.computeIfAbsent(userId, k -> new AtomicInteger()).incrementAndGet();
    return NAMES.getOrDefault(userId, "user " + userId);
  }

  public void save(String userId, String displayName) {
    NAMES.put(userId, displayName);
  }

  public void delete(String userId) {
    NAMES.remove(userId);
  }

  public static int loads(String userId) {
    AtomicInteger count = LOADS.get(userId);
    return count == null ? 0 : count.get();
  }
}
