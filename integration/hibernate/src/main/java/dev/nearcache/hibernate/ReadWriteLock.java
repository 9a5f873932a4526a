package dev.nearcache.hibernate;

import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.cache.spi.access.SoftLock;

/**
 * A READ_WRITE region's soft lock on an entry being changed: no one reads through it, and no load
 * replaces it until it is released and the loading transaction began after the release (or the lock
 * timed out). Immutable: locking again and unlocking return new locks, which the access strategy
 * stores atomically. Identified by the node that created it and a number, so the handle Hibernate
 * keeps matches the stored lock after it went through Redis. The same rules as Hibernate's own
 * {@code AbstractReadWriteAccess.SoftLockImpl}.
 */
final class ReadWriteLock implements SoftLock, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final UUID source;
  private final long id;
  private final Object version;
  private final long timeout;
  private final boolean concurrent;
  private final int holders;
  private final long unlockedAt;

  ReadWriteLock(UUID source, long id, Object version, long timeout) {
    this(source, id, version, timeout, false, 1, 0);
  }

  private ReadWriteLock(
      UUID source,
      long id,
      Object version,
      long timeout,
      boolean concurrent,
      int holders,
      long unlockedAt) {
    this.source = source;
    this.id = id;
    this.version = version;
    this.timeout = timeout;
    this.concurrent = concurrent;
    this.holders = holders;
    this.unlockedAt = unlockedAt;
  }

  /**
   * A lock already released, at {@code now}: loads of transactions begun after now may replace it.
   */
  static ReadWriteLock released(UUID source, long id, long now, long timeout) {
    return new ReadWriteLock(source, id, null, now + timeout, false, 0, now);
  }

  /** This lock taken once more, by a second transaction changing the same entry. */
  ReadWriteLock lockedAgain(long newTimeout) {
    return new ReadWriteLock(source, id, version, newTimeout, true, holders + 1, unlockedAt);
  }

  /** This lock released once; the entry is free when every holder has released it. */
  ReadWriteLock unlocked(long now) {
    int left = holders - 1;
    return new ReadWriteLock(
        source, id, version, timeout, concurrent, left, left == 0 ? now : unlockedAt);
  }

  /** More than one transaction held it: none of them may store its state on release. */
  boolean wasLockedConcurrently() {
    return concurrent;
  }

  /**
   * A load of {@code newVersion} by a transaction begun at {@code transactionStart} may replace the
   * lock: it timed out, or it is released and the load is newer than the release.
   */
  boolean replaceableBy(long transactionStart, Object newVersion, Comparator<Object> versions) {
    if (transactionStart > timeout) {
      return true;
    }
    if (holders > 0) {
      return false;
    }
    return (version == null || newVersion == null || versions == null)
        ? transactionStart > unlockedAt
        : versions.compare(version, newVersion) < 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadWriteLock that && id == that.id && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, id);
  }

  @Override
  public String toString() {
    return "ReadWriteLock[" + source + "#" + id + ", holders " + holders + "]";
  }
}
