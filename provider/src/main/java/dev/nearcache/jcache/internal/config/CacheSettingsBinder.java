package dev.nearcache.jcache.internal.config;

import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.EVERY_CACHE;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.EXPIRY_DURATION;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.EXPIRY_POLICY;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.KEY_TYPE;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.LOADER;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.MANAGEMENT;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.NEAR_ENABLED;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.NEAR_LEASE;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.NEAR_MAXIMUM_LOCAL_LIFETIME;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.NEAR_MAXIMUM_SIZE;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.NEAR_PROPAGATE_VALUES_UP_TO;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.NEAR_RECONCILIATION_INTERVAL;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.READ_THROUGH;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.SEGMENTS;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.STATISTICS;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.STORE_BY_VALUE;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.VALUE_TYPE;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.WRITER;
import static dev.nearcache.jcache.internal.config.SettingsTable.PerCache.WRITE_THROUGH;

import dev.nearcache.near.NearCacheSettings;
import java.time.Duration;
import java.util.Optional;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * Binds {@code defaults:} and each section of {@code caches:}; their keys, bounds and defaults are
 * those of {@link SettingsTable.PerCache}.
 */
final class CacheSettingsBinder {
  private CacheSettingsBinder() {}

  /**
   * The section's settings, each falling back to {@code base}. The node's keys must already be
   * checked.
   */
  static CacheSettings bindCommon(ConfigNode node, CacheSettings base) {
    int segments = node.integer(SEGMENTS).orElse(base.segments());
    boolean statistics = node.bool(STATISTICS).orElse(base.statistics());
    boolean management = node.bool(MANAGEMENT).orElse(base.management());
    boolean storeByValue = node.bool(STORE_BY_VALUE).orElse(base.storeByValue());
    ExpirySettings expiry = expiry(node, base.expiry());
    NearCacheSettings nearCache = nearCache(node, base.nearCache());
    return new CacheSettings(segments, statistics, management, storeByValue, expiry, nearCache);
  }

  static CacheDefinition bindCache(
      String name, ConfigNode node, CacheSettings defaults, ClassLoader classLoader) {
    node.allowOnly(SettingsTable.CACHE_KEYS);
    Class<?> keyType =
        node.text(KEY_TYPE)
            .<Class<?>>map(type -> type(node, KEY_TYPE.key(), type, classLoader))
            .orElse(KEY_TYPE.defaultValue());
    Class<?> valueType =
        node.text(VALUE_TYPE)
            .<Class<?>>map(type -> type(node, VALUE_TYPE.key(), type, classLoader))
            .orElse(VALUE_TYPE.defaultValue());
    Optional<String> loader = node.text(LOADER);
    loader.ifPresent(
        loaderClass -> checkComponent(node, LOADER, loaderClass, CacheLoader.class, classLoader));
    Optional<String> writer = node.text(WRITER);
    writer.ifPresent(
        writerClass -> checkComponent(node, WRITER, writerClass, CacheWriter.class, classLoader));
    boolean readThrough = node.bool(READ_THROUGH).orElse(READ_THROUGH.defaultValue());
    if (readThrough && loader.isEmpty()) {
      throw node.invalid(
          READ_THROUGH.key(),
          "true",
          "false unless '" + node.path(LOADER.key()) + "' names a CacheLoader");
    }
    boolean writeThrough = node.bool(WRITE_THROUGH).orElse(WRITE_THROUGH.defaultValue());
    if (writeThrough && writer.isEmpty()) {
      throw node.invalid(
          WRITE_THROUGH.key(),
          "true",
          "false unless '" + node.path(WRITER.key()) + "' names a CacheWriter");
    }
    CacheSettings settings = bindCommon(node, defaults);
    return new CacheDefinition(
        name,
        keyType,
        valueType,
        readThrough,
        writeThrough,
        loader.orElse(null),
        writer.orElse(null),
        settings);
  }

  private static ExpirySettings expiry(ConfigNode parent, ExpirySettings base) {
    Optional<ConfigNode> section = parent.section("expiry", EVERY_CACHE.keysUnder("expiry"));
    if (section.isEmpty()) {
      return base;
    }
    ConfigNode node = section.get();
    ExpirySettings.Policy policy = node.choice(EXPIRY_POLICY).orElse(base.policy());
    Duration duration = node.duration(EXPIRY_DURATION).orElse(base.duration());
    if (policy != ExpirySettings.Policy.ETERNAL && duration == null) {
      throw node.missing(
          EXPIRY_DURATION.key(),
          "a positive duration, required when the policy is "
              + policy.configName()
              + " ("
              + Durations.ALLOWED
              + ")");
    }
    return new ExpirySettings(policy, duration);
  }

  private static NearCacheSettings nearCache(ConfigNode parent, NearCacheSettings base) {
    Optional<ConfigNode> section =
        parent.section("near-cache", EVERY_CACHE.keysUnder("near-cache"));
    if (section.isEmpty()) {
      return base;
    }
    ConfigNode node = section.get();
    Optional<Duration> interval = node.duration(NEAR_RECONCILIATION_INTERVAL);
    Duration effectiveInterval = interval.orElse(base.reconciliationInterval());
    // A lease not given here follows an interval given here (twice it); else it is inherited.
    Duration lease =
        node.duration(NEAR_LEASE)
            .orElse(
                interval.isPresent()
                    ? NearCacheSettings.defaultLease(effectiveInterval)
                    : base.lease());
    if (lease.compareTo(effectiveInterval) <= 0) {
      String culprit =
          node.isGiven(NEAR_LEASE.key()) ? NEAR_LEASE.key() : NEAR_RECONCILIATION_INTERVAL.key();
      throw node.invalid(
          culprit,
          node.isGiven(culprit) ? node.rawText(culprit) : Durations.format(effectiveInterval),
          "a lease longer than reconciliation-interval (lease "
              + Durations.format(lease)
              + ", interval "
              + Durations.format(effectiveInterval)
              + "): the lease is renewed once per interval");
    }
    return new NearCacheSettings(
        node.bool(NEAR_ENABLED).orElse(base.enabled()),
        node.longValue(NEAR_MAXIMUM_SIZE).orElse(base.maximumSize()),
        node.duration(NEAR_MAXIMUM_LOCAL_LIFETIME).orElse(base.maximumLocalLifetime()),
        effectiveInterval,
        node.integer(NEAR_PROPAGATE_VALUES_UP_TO).orElse(base.propagateValuesUpTo()),
        lease);
  }

  static Class<?> type(ConfigNode node, String key, String name, ClassLoader classLoader) {
    try {
      return ClassLookup.load(name, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw node.invalid(
          key,
          name,
          "a fully qualified class name visible to the cache manager's class loader"
              + " (class not found)",
          e);
    }
  }

  private static void checkComponent(
      ConfigNode node,
      Setting<?, ?> setting,
      String name,
      Class<?> expected,
      ClassLoader classLoader) {
    String key = setting.key();
    String allowed =
        "the name of a class implementing "
            + expected.getName()
            + " or "
            + javax.cache.configuration.Factory.class.getName()
            + " of one, with a no-arg constructor";
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
