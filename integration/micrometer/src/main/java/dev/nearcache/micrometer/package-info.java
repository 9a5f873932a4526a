/**
 * Micrometer meters for nearcache caches: {@link dev.nearcache.micrometer.NearCacheMeterBinder} for
 * one cache, {@link dev.nearcache.micrometer.NearCacheManagerMeterBinder} for every cache of a
 * manager, opened now or later. Built on the provider's public API only. docs/metrics.md lists the
 * meters.
 */
package dev.nearcache.micrometer;
