/**
 * JSR-107 annotations ({@code javax.cache.annotation}) on Jakarta CDI 4: interceptors for
 * {@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll},
 * honouring {@code @CacheDefaults}, registered by {@link
 * dev.nearcache.cdi.CacheAnnotationsExtension}. See docs/annotations.md.
 */
package dev.nearcache.cdi;
