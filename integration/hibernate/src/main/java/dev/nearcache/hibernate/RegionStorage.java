package dev.nearcache.hibernate;

import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * A region's cache as Hibernate's storage, plus the two atomic steps the access strategies build
 * on: {@link #putIfAbsent} and {@link #update}. Both are atomic across every JVM over the same
 * Redis, not only within this one: {@code putIfAbsent} is one script in Redis, and {@code update}
 * is the provider's entry processor, which reads the entry and commits its outcome only if no other
 * node changed it meanwhile (else runs again on the new value).
 *
 * <p>The cache is closed by the last session factory of this JVM that uses it ({@link
 * SharedCaches}), unless the application owns the cache manager.
 */
final class RegionStorage implements DomainDataStorageAccess {
  private final Cache<Object, Object> cache;
  private final boolean closedByLastUser;

  /**
   * @param closedByLastUser whether {@link #release()} closes the cache when this JVM's last
   *     session factory using it lets it go ({@link SharedCaches}); false when the application owns
   *     the cache manager and closes it
   */
  RegionStorage(Cache<Object, Object> cache, boolean closedByLastUser) {
    this.cache = cache;
    this.closedByLastUser = closedByLastUser;
  }

  /** What an {@link #update} does with the entry it read. */
  @FunctionalInterface
  interface Change<T> {
    /**
     * Decides from {@code current} (null when absent); calls {@code entry.setValue} or {@code
     * entry.remove()} to change the entry, and returns the result of the step.
     */
    T apply(Object current, MutableEntry<Object, Object> entry);
  }

  /** Runs {@code change} on the entry, atomically across JVMs. */
  <T> T update(Object key, Change<T> change) {
    EntryProcessor<Object, Object, T> processor =
        (entry, arguments) -> change.apply(entry.exists() ? entry.getValue() : null, entry);
    return cache.invoke(key, processor);
  }

  /** Stores {@code value} if the key has no entry; whether it did. */
  boolean putIfAbsent(Object key, Object value) {
    return cache.putIfAbsent(key, value);
  }

  @Override
  public Object getFromCache(Object key, SharedSessionContractImplementor session) {
    return cache.get(key);
  }

  @Override
  public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
    cache.put(key, value);
  }

  @Override
  public boolean contains(Object key) {
    return cache.containsKey(key);
  }

  @Override
  public void removeFromCache(Object key, SharedSessionContractImplementor session) {
    cache.remove(key);
  }

  @Override
  public void clearCache(SharedSessionContractImplementor session) {
    cache.clear();
  }

  @Override
  public void evictData() {
    cache.clear();
  }

  @Override
  public void evictData(Object key) {
    cache.remove(key);
  }

  @Override
  public void release() {
    if (closedByLastUser && SharedCaches.release(cache)) {
      cache.close();
    }
  }
}
