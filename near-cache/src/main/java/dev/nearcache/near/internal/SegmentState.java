package dev.nearcache.near.internal;

/**
 * What this node knows about one segment's change feed: whether its near entries may be served
 * ({@link #live}: subscribed, baseline read, nothing known to be missing), the lease that bounds
 * how long that knowledge counts without being confirmed again, the last sequence number accounted
 * for, and a number reconciliation saw that messages have yet to reach. Everything but the two
 * volatile fields is guarded by the object's monitor; they are written under it too.
 */
final class SegmentState {
  private final NearClock clock;
  volatile boolean live;

  /**
   * The instant (the clock's nanoseconds, judged by its {@linkplain NearClock#coarseNanos coarse
   * reading}) until which entries of this segment may be served: the lease while {@link #live}, a
   * past instant otherwise. The hit path reads only this field.
   */
  volatile long servableUntil;

  /** The lease: until when the last confirmed synchronisation with Redis counts. */
  private long leaseUntil;

  /** The lease a suspect reconciliation read would have granted, granted once messages catch up. */
  long pendingLease;

  boolean subscribed;

  /** Last sequence number accounted for; -1 before the first baseline or message. */
  long lastSeq = -1;

  /** A sequence number read by reconciliation above {@link #lastSeq}; 0 when none is pending. */
  long suspect;

  SegmentState(NearClock clock) {
    this.clock = clock;
    this.leaseUntil = clock.coarseNanos() - 1;
    this.servableUntil = leaseUntil;
  }

  void live(boolean on) {
    live = on;
    publish();
  }

  /**
   * Extends the lease to {@code until} (never shortens it: confirmations may complete out of
   * order).
   */
  void renew(long until) {
    if (until - leaseUntil > 0) {
      leaseUntil = until;
    }
    publish();
  }

  /** Ends the lease now: synchronisation with Redis could not be confirmed. */
  void expire() {
    leaseUntil = clock.coarseNanos() - 1;
    publish();
  }

  private void publish() {
    servableUntil = live ? leaseUntil : clock.coarseNanos() - 1;
  }
}
