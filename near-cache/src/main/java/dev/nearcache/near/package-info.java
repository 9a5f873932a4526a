/**
 * The near tier's API (kept compatible; what applications and integration modules may use): {@link
 * dev.nearcache.near.NearCacheSettings}, {@link dev.nearcache.near.NearCacheMetrics} (with {@link
 * dev.nearcache.near.LatencyHistogram} and {@link dev.nearcache.near.ClearCause}). The tier itself
 * ({@code NearTier}, {@code NearEntry}, {@code Reservation}, {@code NearClock}...) is in {@code
 * dev.nearcache.near.internal}, public only because the provider's internal packages use it. The
 * provider's {@code PublicApiTest} checks that no public signature here or in the provider's API
 * exposes a type of an internal package.
 */
package dev.nearcache.near;
