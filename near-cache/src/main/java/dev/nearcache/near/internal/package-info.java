/**
 * Internal: The near tier itself: the tier of one cache, its entries and reservations, the
 * segments' state, the clock, the map's upkeep. Not part of the API: it may change in any release
 * without notice. Applications and integration modules use {@code dev.nearcache.near} (the near
 * tier's settings and metrics) and the provider's public packages; {@code PublicApiTest} checks
 * that no public signature there exposes a type from here.
 */
package dev.nearcache.near.internal;
