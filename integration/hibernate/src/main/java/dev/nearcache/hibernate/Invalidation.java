package dev.nearcache.hibernate;

import java.io.Serial;
import java.io.Serializable;

/**
 * What NONSTRICT_READ_WRITE and READ_ONLY regions keep in place of an entry that a transaction
 * changed or deleted, instead of removing it: the time of the change. A load may replace it only if
 * its transaction began after that time; a load that read the database before the change, and comes
 * to put its state after it, finds the marker and leaves it. Reads take it as a miss.
 */
final class Invalidation implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final long changedAt;

  Invalidation(long changedAt) {
    this.changedAt = changedAt;
  }

  boolean allowsLoadOf(long transactionStart) {
    return transactionStart > changedAt;
  }
}
