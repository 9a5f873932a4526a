/**
 * Internal: How settings are read: the table that declares every setting once, the YAML reader, the
 * properties overlay, placeholders, the binders, the effective properties, the Redisson {@code
 * Config} built from the settings. Not part of the provider's API: it may change in any release
 * without notice. Applications and integration modules use the public packages only ({@code
 * dev.nearcache.jcache}, {@code dev.nearcache.jcache.config}, and the near tier's settings and
 * metrics in {@code dev.nearcache.near}); {@code PublicApiTest} checks that no public signature
 * there exposes a type from here, and that only the settings classes of {@code
 * dev.nearcache.jcache.config} use it (for their defaults, masking and loading).
 */
package dev.nearcache.jcache.internal.config;
