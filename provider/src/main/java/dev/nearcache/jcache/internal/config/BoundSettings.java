package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.serialization.CodecSettings;
import java.util.Map;

/**
 * A manager's settings as bound from the tree: what {@code SettingsLoader} builds its {@code
 * ProviderSettings} of (their constructor is not public).
 *
 * @param source where the settings came from, as {@code ProviderSettings.source()} reports it
 * @param caches the caches defined up front, by name, in the file's order
 * @param classLoader resolves the loader and writer classes the caches name
 */
public record BoundSettings(
    String source,
    RedisSettings redis,
    String keyPrefix,
    CodecSettings codec,
    CacheSettings defaults,
    Map<String, CacheDefinition> caches,
    ClassLoader classLoader) {}
