package dev.nearcache.near;

/**
 * What this node knows about one segment's change feed: whether its near entries may be served
 * ({@link #live}: subscribed, baseline read, nothing known to be missing), the last sequence
 * number accounted for, and a number reconciliation saw that messages have yet to reach.
 * Everything but {@code live} is guarded by the object's monitor.
 */
final class SegmentState {
  volatile boolean live;
  boolean subscribed;
  /** Last sequence number accounted for; -1 before the first baseline or message. */
  long lastSeq = -1;
  /** A sequence number read by reconciliation above {@link #lastSeq}; 0 when none is pending. */
  long suspect;
}
