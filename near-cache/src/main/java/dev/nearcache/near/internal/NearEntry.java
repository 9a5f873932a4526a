package dev.nearcache.near.internal;

/**
 * A value held in the near tier, tagged with the segment sequence number it is known to be current
 * at, its Redis version, the local deadline of its logical expiry (the tier's {@link NearClock},
 * precise) and the end of its local lifetime (the clock's coarse reading: the cap against missed
 * messages). Immutable values are kept as objects and handed out as they are; others are kept as
 * encoded bytes and decoded for every reader, so no caller ever shares a mutable object with the
 * cache.
 */
public final class NearEntry {
  private final Object value;
  private final byte[] payload;
  private final int segment;
  private final long seq;
  private final long version;
  private final long capNanos;
  private volatile long deadlineNanos;

  NearEntry(
      Object value,
      byte[] payload,
      int segment,
      long seq,
      long version,
      long deadlineNanos,
      long capNanos) {
    this.value = value;
    this.payload = payload;
    this.segment = segment;
    this.seq = seq;
    this.version = version;
    this.deadlineNanos = deadlineNanos;
    this.capNanos = capNanos;
  }

  /** The immutable value, or null when the value must be decoded from {@link #payload()}. */
  public Object value() {
    return value;
  }

  public byte[] payload() {
    return payload;
  }

  public int segment() {
    return segment;
  }

  public long seq() {
    return seq;
  }

  public long version() {
    return version;
  }

  long capNanos() {
    return capNanos;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Moves the local deadline (access-based expiry served locally). */
  void deadlineNanos(long deadline) {
    this.deadlineNanos = deadline;
  }
}
