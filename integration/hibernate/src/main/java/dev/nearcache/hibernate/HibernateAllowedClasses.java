package dev.nearcache.hibernate;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/**
 * Allows the classes Hibernate ORM itself writes into its second-level cache regions, so that an
 * application needs {@code codec.allow} entries for its own types only (identifiers, natural ids,
 * embeddables, user types), never for Hibernate's.
 *
 * <p>Exact classes, not {@code org.hibernate.**}: every class allowed may be instantiated from
 * bytes any node wrote to Redis, and Hibernate has thousands of serializable classes. Each entry
 * below is a holder of values the codec checks against the allow-list on its own (identifiers,
 * disassembled state as {@code Serializable[]}, versions, query result rows), or a marker
 * singleton:
 *
 * <ul>
 *   <li>cache keys: {@code BasicCacheKeyImplementation} (entities and collections whose identifier
 *       needs no type to compare), {@code CacheKeyImplementation} (with a tenant, or an identifier
 *       compared through its type), {@code NaturalIdCacheKey};
 *   <li>entries: {@code StandardCacheEntryImpl} (an entity's disassembled state), {@code
 *       CollectionCacheEntry} (a collection's element identifiers or values);
 *   <li>READ_WRITE's wrappers: {@code AbstractReadWriteAccess$Item} and {@code
 *       AbstractReadWriteAccess$SoftLockImpl} (a lock holding a {@code UUID});
 *   <li>the query cache's {@code QueryResultsCacheImpl$CacheItem} (a timestamp and the result
 *       rows); the timestamps region holds {@code Long}s;
 *   <li>markers that can appear in disassembled state: {@code LazyPropertyInitializer$1} (a lazy
 *       property not fetched, with bytecode enhancement) and {@code
 *       PropertyAccessStrategyBackRefImpl$1} (an unknown back-reference); both {@code readResolve}
 *       to their singleton, which the codec honours through Java serialization semantics.
 * </ul>
 *
 * <p>The cache keys cache their hash code in a transient field recomputed on read, and the markers
 * resolve to singletons: the codec keeps Java serialization semantics for every class that declares
 * {@code readObject} or {@code readResolve}, so these need nothing more. Hibernate's {@code
 * Serializable[]} needs no entry ({@code java.io.Serializable} arrays are allowed by the provider).
 */
public final class HibernateAllowedClasses implements AllowedClassesContributor {

  static final List<String> CLASSES =
      List.of(
          "org.hibernate.cache.internal.BasicCacheKeyImplementation",
          "org.hibernate.cache.internal.CacheKeyImplementation",
          "org.hibernate.cache.internal.NaturalIdCacheKey",
          "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
          "org.hibernate.cache.spi.entry.CollectionCacheEntry",
          "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
          "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
          "org.hibernate.cache.spi.QueryKey",
          "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
          "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
          "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
          "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1",
          "dev.nearcache.hibernate.ReadWriteItem",
          "dev.nearcache.hibernate.ReadWriteLock",
          "dev.nearcache.hibernate.Invalidation");

  @Override
  public Collection<String> allowedClasses() {
    return CLASSES;
  }
}
