package dev.nearcache.jcache.config;

import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.serialization.CodecSettings;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes bound settings back as flattened properties, every setting included, in the form
 * {@link SettingsLoader} reads (so they can be handed back to it).
 */
final class EffectiveProperties {
  private EffectiveProperties() {}

  static Properties of(RedisSettings redis, String keyPrefix, CodecSettings codec, CacheSettings defaults,
      Map<String, CacheDefinition> caches) {
    Properties p = new MaskedProperties();
    redis(p, redis);
    p.setProperty("key-prefix", keyPrefix);
    p.setProperty("codec.name", codec.name());
    put(p, "codec.allow", codec.allowedClasses());
    put(p, "codec.register", codec.registeredClasses());
    common(p, "defaults.", defaults);
    for (CacheDefinition cache : caches.values()) {
      String prefix = "caches." + cache.name() + ".";
      p.setProperty(prefix + "key-type", cache.keyType().getName());
      p.setProperty(prefix + "value-type", cache.valueType().getName());
      p.setProperty(prefix + "read-through", String.valueOf(cache.readThrough()));
      p.setProperty(prefix + "write-through", String.valueOf(cache.writeThrough()));
      put(p, prefix + "loader", cache.loader());
      put(p, prefix + "writer", cache.writer());
      common(p, prefix, cache.settings());
    }
    return p;
  }

  private static void redis(Properties p, RedisSettings redis) {
    if (redis.redissonConfig() != null) {
      p.setProperty("redis.redisson-config", redis.redissonConfig().toString());
      return;
    }
    p.setProperty("redis.mode", redis.mode().configName());
    put(p, "redis.address", redis.address());
    put(p, "redis.addresses", redis.addresses());
    put(p, "redis.master-name", redis.masterName());
    p.setProperty("redis.database", String.valueOf(redis.database()));
    put(p, "redis.username", redis.username());
    put(p, "redis.password", redis.password());
    put(p, "redis.client-name", redis.clientName());
    p.setProperty("redis.timeout", Durations.format(redis.timeout()));
    p.setProperty("redis.connect-timeout", Durations.format(redis.connectTimeout()));
    p.setProperty("redis.connection-pool-size", String.valueOf(redis.connectionPoolSize()));
    p.setProperty("redis.connection-minimum-idle-size", String.valueOf(redis.connectionMinimumIdleSize()));
    p.setProperty("redis.subscription-connection-pool-size", String.valueOf(redis.subscriptionConnectionPoolSize()));
    p.setProperty("redis.threads", String.valueOf(redis.threads()));
    if (redis.usesTls()) {
      TlsSettings tls = redis.tls();
      put(p, "redis.tls.truststore", tls.truststore());
      put(p, "redis.tls.truststore-password", tls.truststorePassword());
      put(p, "redis.tls.keystore", tls.keystore());
      put(p, "redis.tls.keystore-password", tls.keystorePassword());
      p.setProperty("redis.tls.verify-hostname", String.valueOf(tls.verifyHostname()));
    }
  }

  private static void common(Properties p, String prefix, CacheSettings settings) {
    p.setProperty(prefix + "segments", String.valueOf(settings.segments()));
    p.setProperty(prefix + "statistics", String.valueOf(settings.statistics()));
    p.setProperty(prefix + "management", String.valueOf(settings.management()));
    p.setProperty(prefix + "store-by-value", String.valueOf(settings.storeByValue()));
    p.setProperty(prefix + "expiry.policy", settings.expiry().policy().configName());
    if (settings.expiry().duration() != null) {
      p.setProperty(prefix + "expiry.duration", Durations.format(settings.expiry().duration()));
    }
    NearCacheSettings near = settings.nearCache();
    p.setProperty(prefix + "near-cache.enabled", String.valueOf(near.enabled()));
    p.setProperty(prefix + "near-cache.maximum-size", String.valueOf(near.maximumSize()));
    p.setProperty(prefix + "near-cache.maximum-local-lifetime", Durations.format(near.maximumLocalLifetime()));
    p.setProperty(prefix + "near-cache.reconciliation-interval", Durations.format(near.reconciliationInterval()));
    p.setProperty(prefix + "near-cache.propagate-values-up-to", Integer.toString(near.propagateValuesUpTo()));
    p.setProperty(prefix + "near-cache.lease", Durations.format(near.lease()));
  }

  private static void put(Properties p, String key, Object value) {
    if (value instanceof List<?> list) {
      if (!list.isEmpty()) {
        p.setProperty(key, String.join(",", list.stream().map(String::valueOf).toList()));
      }
    } else if (value instanceof URL url) {
      p.setProperty(key, url.toString());
    } else if (value != null) {
      p.setProperty(key, value.toString());
    }
  }
}
