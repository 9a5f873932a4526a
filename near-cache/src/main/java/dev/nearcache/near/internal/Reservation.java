package dev.nearcache.near.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A placeholder put into the near tier before a remote read or an own write (docs/design.md, "Read
 * protocol" and "Writes on the writing node"). The value fetched or written is installed only if
 * this very reservation is still in place and no change message newer than what the value reflects
 * arrived meanwhile. Invalidations do not always remove a reservation; they raise {@link
 * #invalidatedUpTo}, which the install checks. A read reservation also carries the shared result of
 * the one remote read that concurrent misses on the key wait for (single flight).
 */
public final class Reservation {
  final int segment;
  final boolean read;

  /**
   * Highest sequence number of a change message seen for this key since reserving; guarded by the
   * map's per-key lock.
   */
  long invalidatedUpTo;

  /** Null for a write reservation: nobody joins a write, and writes should allocate little. */
  private final CompletableFuture<Object> result;

  Reservation(int segment, boolean read) {
    this.segment = segment;
    this.read = read;
    this.result = read ? new CompletableFuture<>() : null;
  }

  /** The shared remote-read result that waiters join (read reservations only; null for writes). */
  public CompletableFuture<Object> result() {
    return result;
  }
}
