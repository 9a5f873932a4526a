/**
 * Internal: The JCache MXBeans and their registration. Not part of the provider's API: it may
 * change in any release without notice. Applications and integration modules use the public
 * packages only ({@code dev.nearcache.jcache}, {@code dev.nearcache.jcache.config}, and the near
 * tier's settings and metrics in {@code dev.nearcache.near}); {@code PublicApiTest} checks that no
 * public signature there exposes a type from here.
 */
package dev.nearcache.jcache.internal.management;
