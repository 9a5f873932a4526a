/**
 * The near tier. API (kept compatible; what applications and integration modules may use):
 * {@link dev.nearcache.near.NearCacheSettings}, {@link dev.nearcache.near.NearCacheMetrics} (with
 * {@link dev.nearcache.near.LatencyHistogram} and {@link dev.nearcache.near.ClearCause}).
 * Everything else here ({@code NearTier}, {@code NearEntry}, {@code Reservation},
 * {@code NearClock}...) is public only because the provider's internal packages use it: it may
 * change in any release. The provider's {@code PublicApiTest} checks that its API exposes none of it.
 */
package dev.nearcache.near;
