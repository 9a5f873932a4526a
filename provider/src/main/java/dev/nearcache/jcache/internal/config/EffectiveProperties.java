package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.jcache.config.SettingsLoader;
import dev.nearcache.jcache.internal.config.SettingsTable.Codec;
import dev.nearcache.jcache.internal.config.SettingsTable.PerCache;
import dev.nearcache.jcache.internal.config.SettingsTable.Redis;
import dev.nearcache.serialization.CodecSettings;
import java.util.Map;
import java.util.Properties;

/**
 * Writes bound settings back as flattened properties, every setting of {@link SettingsTable} that
 * is set, in the form {@link SettingsLoader} reads (so they can be handed back to it). Walking the
 * table rather than a list of its own means a new setting cannot be left out.
 */
public final class EffectiveProperties {
  private EffectiveProperties() {}

  public static Properties of(
      RedisSettings redis,
      String keyPrefix,
      CodecSettings codec,
      CacheSettings defaults,
      Map<String, CacheDefinition> caches) {
    Properties p = new MaskedProperties();
    // Redisson's own file replaces every connection setting; writing them would make the result
    // unreadable.
    boolean redissonFile = redis.redissonConfig() != null;
    for (Setting<RedisSettings, ?> setting : Redis.GROUP.settings()) {
      if (!(redissonFile && setting.connection())) {
        put(p, "redis.", setting, redis);
      }
    }
    putAll(p, "", Codec.KEY_PREFIX_GROUP, keyPrefix);
    putAll(p, "", Codec.GROUP, codec);
    putAll(p, "defaults.", PerCache.EVERY_CACHE, defaults);
    for (CacheDefinition cache : caches.values()) {
      String prefix = "caches." + cache.name() + ".";
      putAll(p, prefix, PerCache.CACHES_ONLY, cache);
      putAll(p, prefix, PerCache.EVERY_CACHE, cache.settings());
    }
    return p;
  }

  private static <S> void putAll(Properties p, String prefix, SettingGroup<S> group, S source) {
    for (Setting<S, ?> setting : group.settings()) {
      put(p, prefix, setting, source);
    }
  }

  private static <S> void put(Properties p, String prefix, Setting<S, ?> setting, S source) {
    String value = setting.written(source);
    if (value != null) {
      p.setProperty(prefix + setting.path(), value);
    }
  }
}
