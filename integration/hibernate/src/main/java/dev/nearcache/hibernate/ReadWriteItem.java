package dev.nearcache.hibernate;

import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;

/**
 * A READ_WRITE region's committed state of an entity, collection or natural id: the value, its
 * version (null when unversioned) and the time it was stored. The same rules as Hibernate's own
 * {@code AbstractReadWriteAccess.Item}; ours so that the access strategies can build it.
 */
final class ReadWriteItem implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final Object value;
  private final Object version;
  private final long timestamp;

  ReadWriteItem(Object value, Object version, long timestamp) {
    this.value = value;
    this.version = version;
    this.timestamp = timestamp;
  }

  Object value() {
    return value;
  }

  Object version() {
    return version;
  }

  /** A transaction that began after the item was stored may read it. */
  boolean readableBy(long transactionStart) {
    return transactionStart > timestamp;
  }

  /**
   * Only a state of a newer version replaces it; an unversioned item is never replaced by a load.
   */
  boolean replaceableBy(Object newVersion, Comparator<Object> versions) {
    return version != null
        && newVersion != null
        && versions != null
        && versions.compare(version, newVersion) < 0;
  }
}
