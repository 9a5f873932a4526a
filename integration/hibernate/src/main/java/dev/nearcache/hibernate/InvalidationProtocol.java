package dev.nearcache.hibernate;

import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * NONSTRICT_READ_WRITE and READ_ONLY over a cache shared by many JVMs. Hibernate's strategies
 * remove an entry when a transaction changes or deletes it, and a load puts what it read whenever
 * it comes; a load that read the database before the change committed and puts after the removal
 * leaves the older state in the cache until the next change or expiry (in one JVM as in many). Here
 * the change leaves an {@link Invalidation} with its time instead of removing the entry, and a load
 * only fills an absent entry ({@code putIfAbsent}) or replaces an invalidation older than its
 * transaction (atomically): a load never replaces a state, nor an invalidation newer than what it
 * read.
 *
 * <p>What NONSTRICT_READ_WRITE still allows: between an update's database commit and its
 * invalidation after the commit, readers get the state before the update (there is no lock).
 */
final class InvalidationProtocol {
  private final RegionStorage storage;
  private final RegionFactory regionFactory;

  InvalidationProtocol(RegionStorage storage, RegionFactory regionFactory) {
    this.storage = storage;
    this.regionFactory = regionFactory;
  }

  Object get(SharedSessionContractImplementor session, Object key) {
    Object value = storage.getFromCache(key, session);
    return value instanceof Invalidation ? null : value;
  }

  boolean contains(Object key) {
    Object value = storage.getFromCache(key, null);
    return value != null && !(value instanceof Invalidation);
  }

  boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value) {
    if (storage.putIfAbsent(key, value)) {
      return true; // the usual case: Hibernate loads after a miss
    }
    long start = ReadWriteProtocol.transactionStart(session);
    Object seen = storage.getFromCache(key, session);
    if (seen != null
        && (!(seen instanceof Invalidation invalidation) || !invalidation.allowsLoadOf(start))) {
      return false;
    }
    return storage.update(
        key,
        (current, entry) -> {
          if (current == null
              || (current instanceof Invalidation invalidation
                  && invalidation.allowsLoadOf(start))) {
            entry.setValue(value);
            return true;
          }
          return false;
        });
  }

  /** Marks the entry changed now: loads of transactions that began before now will not fill it. */
  void invalidate(Object key) {
    storage.putIntoCache(key, new Invalidation(regionFactory.nextTimestamp()), null);
  }
}
