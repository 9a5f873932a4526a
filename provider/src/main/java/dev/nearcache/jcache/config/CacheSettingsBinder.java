package dev.nearcache.jcache.config;

import dev.nearcache.near.NearCacheSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/** Binds {@code defaults:} and each section of {@code caches:}. */
final class CacheSettingsBinder {
  static final List<String> COMMON_KEYS =
      List.of("segments", "statistics", "management", "store-by-value", "expiry", "near-cache");
  static final List<String> CACHE_KEYS = cacheKeys();
  static final List<String> EXPIRY_KEYS = List.of("policy", "duration");
  static final List<String> NEAR_CACHE_KEYS =
      List.of("enabled", "maximum-size", "maximum-local-lifetime", "reconciliation-interval", "lease",
          "propagate-values-up-to");

  private static final Duration MILLISECOND = Duration.ofMillis(1);

  private CacheSettingsBinder() {}

  private static List<String> cacheKeys() {
    List<String> keys = new ArrayList<>(
        List.of("key-type", "value-type", "read-through", "write-through", "loader", "writer"));
    keys.addAll(COMMON_KEYS);
    return List.copyOf(keys);
  }

  /** The section's settings, each falling back to {@code base}. The node's keys must already be checked. */
  static CacheSettings bindCommon(ConfigNode node, CacheSettings base) {
    int segments = node.integer("segments", 1, CacheSettings.MAX_SEGMENTS).orElse(base.segments());
    boolean statistics = node.bool("statistics").orElse(base.statistics());
    boolean management = node.bool("management").orElse(base.management());
    boolean storeByValue = node.bool("store-by-value").orElse(base.storeByValue());
    ExpirySettings expiry = expiry(node, base.expiry());
    NearCacheSettings nearCache = nearCache(node, base.nearCache());
    return new CacheSettings(segments, statistics, management, storeByValue, expiry, nearCache);
  }

  static CacheDefinition bindCache(String name, ConfigNode node, CacheSettings defaults, ClassLoader classLoader) {
    node.allowOnly(CACHE_KEYS);
    Class<?> keyType = node.text("key-type").<Class<?>>map(type -> type(node, "key-type", type, classLoader))
        .orElse(Object.class);
    Class<?> valueType = node.text("value-type").<Class<?>>map(type -> type(node, "value-type", type, classLoader))
        .orElse(Object.class);
    Optional<String> loader = node.text("loader");
    loader.ifPresent(loaderClass -> checkComponent(node, "loader", loaderClass, CacheLoader.class, classLoader));
    Optional<String> writer = node.text("writer");
    writer.ifPresent(writerClass -> checkComponent(node, "writer", writerClass, CacheWriter.class, classLoader));
    boolean readThrough = node.bool("read-through").orElse(false);
    if (readThrough && loader.isEmpty()) {
      throw node.invalid("read-through", "true", "false unless '" + node.path("loader") + "' names a CacheLoader");
    }
    boolean writeThrough = node.bool("write-through").orElse(false);
    if (writeThrough && writer.isEmpty()) {
      throw node.invalid("write-through", "true", "false unless '" + node.path("writer") + "' names a CacheWriter");
    }
    CacheSettings settings = bindCommon(node, defaults);
    return new CacheDefinition(name, keyType, valueType, readThrough, writeThrough,
        loader.orElse(null), writer.orElse(null), settings);
  }

  private static ExpirySettings expiry(ConfigNode parent, ExpirySettings base) {
    Optional<ConfigNode> section = parent.section("expiry", EXPIRY_KEYS);
    if (section.isEmpty()) {
      return base;
    }
    ConfigNode node = section.get();
    ExpirySettings.Policy policy = node.choice("policy", ExpirySettings.Policy.BY_NAME).orElse(base.policy());
    Duration duration = node.duration("duration", MILLISECOND, null).orElse(base.duration());
    if (policy != ExpirySettings.Policy.ETERNAL && duration == null) {
      throw node.missing("duration", "a positive duration, required when the policy is " + policy.configName()
          + " (" + Durations.ALLOWED + ")");
    }
    return new ExpirySettings(policy, duration);
  }

  /** Pub/sub messages are copied to every subscriber: larger values are re-read, not broadcast. */
  static final int MAX_PROPAGATED_VALUE = 1 << 20;

  private static NearCacheSettings nearCache(ConfigNode parent, NearCacheSettings base) {
    Optional<ConfigNode> section = parent.section("near-cache", NEAR_CACHE_KEYS);
    if (section.isEmpty()) {
      return base;
    }
    ConfigNode node = section.get();
    Optional<Duration> interval = node.duration("reconciliation-interval", MILLISECOND, null);
    Duration effectiveInterval = interval.orElse(base.reconciliationInterval());
    // A lease not given here follows an interval given here (twice it); else it is inherited.
    Duration lease = node.duration("lease", MILLISECOND, null)
        .orElse(interval.isPresent() ? NearCacheSettings.defaultLease(effectiveInterval) : base.lease());
    if (lease.compareTo(effectiveInterval) <= 0) {
      String culprit = node.isGiven("lease") ? "lease" : "reconciliation-interval";
      throw node.invalid(culprit, node.isGiven(culprit) ? node.rawText(culprit) : Durations.format(effectiveInterval),
          "a lease longer than reconciliation-interval (lease " + Durations.format(lease) + ", interval "
              + Durations.format(effectiveInterval) + "): the lease is renewed once per interval");
    }
    return new NearCacheSettings(
        node.bool("enabled").orElse(base.enabled()),
        node.longValue("maximum-size", 0, Long.MAX_VALUE).orElse(base.maximumSize()),
        node.duration("maximum-local-lifetime", Duration.ZERO, null).orElse(base.maximumLocalLifetime()),
        effectiveInterval,
        node.integer("propagate-values-up-to", 0, MAX_PROPAGATED_VALUE).orElse(base.propagateValuesUpTo()),
        lease);
  }

  static Class<?> type(ConfigNode node, String key, String name, ClassLoader classLoader) {
    try {
      return ClassLookup.load(name, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw node.invalid(key, name, "a fully qualified class name visible to the cache manager's class loader"
          + " (class not found)", e);
    }
  }

  private static void checkComponent(
      ConfigNode node, String key, String name, Class<?> expected, ClassLoader classLoader) {
    String allowed = "the name of a class implementing " + expected.getName() + " or "
        + javax.cache.configuration.Factory.class.getName() + " of one, with a no-arg constructor";
    Class<?> type;
    try {
      type = ClassLookup.load(name, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw node.invalid(key, name, allowed + " (class not found)", e);
    }
    String problem = ClassInstanceFactory.problem(type, expected);
    if (problem != null) {
      throw node.invalid(key, name, allowed + " (" + problem + ")");
    }
  }
}
