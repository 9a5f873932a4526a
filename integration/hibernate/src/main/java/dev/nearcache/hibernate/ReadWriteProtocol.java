package dev.nearcache.hibernate;

import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * READ_WRITE over a cache shared by many JVMs. Hibernate's own strategy ({@code
 * AbstractReadWriteAccess}) reads an entry and writes its next state under a lock of its JVM;
 * another JVM can change the entry between the two, and a load that read the database before an
 * update committed can then put the older state after the update's new item, where it stays. Here
 * every read-then-write step is one atomic step in Redis ({@link RegionStorage#update}, or {@link
 * RegionStorage#putIfAbsent} when the entry is absent), so the rules of Hibernate's strategy hold
 * across JVMs: a soft lock keeps loads out from the flush until the commit's new item (or the
 * release) is stored, and a load never replaces a newer state.
 *
 * <p>Reads go through the near tier, so a node may see the state before a commit until the commit's
 * change message reaches it (docs/consistency.md, guarantees 3 and 4).
 */
final class ReadWriteProtocol {
  private final RegionStorage storage;
  private final RegionFactory regionFactory;
  private final Comparator<Object> versions;
  private final UUID source = UUID.randomUUID();
  private final AtomicLong lockIds = new AtomicLong();

  ReadWriteProtocol(
      RegionStorage storage, RegionFactory regionFactory, Comparator<Object> versions) {
    this.storage = storage;
    this.regionFactory = regionFactory;
    this.versions = versions;
  }

  static long transactionStart(SharedSessionContractImplementor session) {
    return session.getCacheTransactionSynchronization().getCachingTimestamp();
  }

  Object get(SharedSessionContractImplementor session, Object key) {
    return storage.getFromCache(key, session) instanceof ReadWriteItem item
            && item.readableBy(transactionStart(session))
        ? item.value()
        : null;
  }

  /**
   * Stores a state read from the database unless the entry holds a lock or a state at least as new.
   * Hibernate calls this after a miss, so the entry is most often absent: one {@code putIfAbsent}
   * fills it. Otherwise the near copy decides first when it refuses (it may be older than Redis's,
   * and an older entry that refuses means a miss, never a wrong state), and Redis's entry decides
   * the rest.
   */
  boolean putFromLoad(
      SharedSessionContractImplementor session, Object key, Object value, Object version) {
    long start = transactionStart(session);
    ReadWriteItem item = new ReadWriteItem(value, version, start);
    if (storage.putIfAbsent(key, item)) {
      return true;
    }
    Object seen = storage.getFromCache(key, session);
    if (seen != null && !replaceable(seen, start, version)) {
      return false;
    }
    return storage.update(
        key,
        (current, entry) -> {
          if (current != null && !replaceable(current, start, version)) {
            return false;
          }
          entry.setValue(item);
          return true;
        });
  }

  private boolean replaceable(Object current, long start, Object version) {
    if (current instanceof ReadWriteItem item) {
      return item.replaceableBy(version, versions);
    }
    if (current instanceof ReadWriteLock lock) {
      return lock.replaceableBy(start, version, versions);
    }
    return true; // not ours (written by another strategy): taken as absent
  }

  /** Locks the entry before a change is flushed; the handle comes back to unlock it. */
  SoftLock lockItem(Object key, Object version) {
    long timeout = regionFactory.nextTimestamp() + regionFactory.getTimeout();
    return storage.update(
        key,
        (current, entry) -> {
          ReadWriteLock lock;
          if (current instanceof ReadWriteLock held) {
            lock = held.lockedAgain(timeout);
          } else {
            Object lockedVersion = current instanceof ReadWriteItem item ? item.version() : version;
            lock = new ReadWriteLock(source, lockIds.getAndIncrement(), lockedVersion, timeout);
          }
          entry.setValue(lock);
          return lock;
        });
  }

  /** Releases the lock after the transaction ended without storing a new state. */
  void unlockItem(Object key, SoftLock lock) {
    long now = regionFactory.nextTimestamp();
    storage.update(
        key,
        (current, entry) -> {
          entry.setValue(
              current instanceof ReadWriteLock held && held.equals(lock)
                  ? held.unlocked(now)
                  : expired(now));
          return null;
        });
  }

  /**
   * Stores a committed update's state in place of its lock, unless another transaction held it too.
   */
  boolean afterUpdate(Object key, Object value, Object version, SoftLock lock) {
    long now = regionFactory.nextTimestamp();
    return storage.update(
        key,
        (current, entry) -> {
          if (!(current instanceof ReadWriteLock held) || !held.equals(lock)) {
            entry.setValue(expired(now));
            return false;
          }
          if (held.wasLockedConcurrently()) {
            entry.setValue(held.unlocked(now));
            return false;
          }
          entry.setValue(new ReadWriteItem(value, version, now));
          return true;
        });
  }

  /** Stores an inserted state once its transaction committed, if nothing is there. */
  boolean afterInsert(Object key, Object value, Object version) {
    return storage.putIfAbsent(
        key, new ReadWriteItem(value, version, regionFactory.nextTimestamp()));
  }

  /** Removes the entry unless it is locked (the lock's holder decides what follows it). */
  void remove(Object key) {
    storage.update(
        key,
        (current, entry) -> {
          if (current != null && !(current instanceof ReadWriteLock)) {
            entry.remove();
          }
          return null;
        });
  }

  /**
   * A lock found missing or replaced when its holder comes to release it (it timed out, or the
   * entry was evicted): a released lock in its place keeps out loads that began before now.
   */
  private ReadWriteLock expired(long now) {
    return ReadWriteLock.released(
        source, lockIds.getAndIncrement(), now, regionFactory.getTimeout());
  }
}
