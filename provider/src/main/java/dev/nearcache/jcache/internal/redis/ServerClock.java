package dev.nearcache.jcache.internal.redis;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * This node's estimate of the Redis server's clock, for the deadlines that fence writes
 * (docs/consistency.md, "Fenced writes"). A script reports the server's time (ms) when it ran; that
 * time was read before the reply reached us, so {@code serverNow - localNowAtReply} is never more
 * than the true offset between the two clocks. The largest such sample is the tightest estimate
 * that is still safe: a deadline computed from it falls no later, in server time, than the local
 * instant it stands for. Samples age out after one or two windows, so a clock that drifts or a new
 * primary after a failover is followed.
 *
 * <p>Kept per segment: in a cluster each segment's primary has a clock of its own. A segment not
 * heard from yet uses the estimate of any segment less {@link #UNSEEN_MARGIN_MILLIS}.
 */
public final class ServerClock {
  /** How long a sample counts at least; at most twice this. */
  static final long WINDOW_NANOS = 10_000_000_000L;

  /** Allowance for the clocks of different primaries (NTP keeps them within milliseconds). */
  static final long UNSEEN_MARGIN_MILLIS = 250;

  private static final long NONE = Long.MIN_VALUE;

  /** Per segment, then one slot for the whole store; the samples of this window and the last. */
  private final AtomicLongArray current;

  private final AtomicLongArray previous;
  private final int any;
  private final ServerClock parent;
  private volatile long windowStart = System.nanoTime();
  private volatile long lastSampleNanos;

  public ServerClock(int segments) {
    this(segments, null);
  }

  /**
   * @param parent a clock that also receives every sample (the connection's clock, which all its
   *     caches feed), or null
   */
  public ServerClock(int segments, ServerClock parent) {
    this.any = segments;
    this.parent = parent;
    this.current = new AtomicLongArray(segments + 1);
    this.previous = new AtomicLongArray(segments + 1);
    for (int i = 0; i <= segments; i++) {
      current.set(i, NONE);
      previous.set(i, NONE);
    }
  }

  /** This JVM's monotonic clock in ms (the base the offsets are measured from). */
  static long localMillis() {
    return System.nanoTime() / 1_000_000L;
  }

  /**
   * A script of {@code segment} (or -1: unknown) reported {@code serverNowMillis}; it was received
   * just now.
   */
  public void observe(int segment, long serverNowMillis) {
    if (serverNowMillis <= 0) {
      return;
    }
    rotateIfDue();
    long sample = serverNowMillis - localMillis();
    if (segment >= 0 && segment < any) {
      raise(segment, sample);
    }
    raise(any, sample);
    lastSampleNanos = System.nanoTime();
    if (parent != null) {
      parent.observe(-1, serverNowMillis);
    }
  }

  /** Whether a sample arrived in the last {@code nanos}. */
  public boolean sampledWithin(long nanos) {
    long last = lastSampleNanos;
    return last != 0 && System.nanoTime() - last < nanos;
  }

  private void raise(int slot, long sample) {
    if (sample > current.get(slot)) {
      current.accumulateAndGet(slot, sample, Math::max);
    }
  }

  private void rotateIfDue() {
    long start = windowStart;
    if (System.nanoTime() - start < WINDOW_NANOS) {
      return;
    }
    synchronized (this) {
      if (windowStart != start) {
        return;
      }
      for (int i = 0; i <= any; i++) {
        previous.set(i, current.getAndSet(i, NONE));
      }
      windowStart = System.nanoTime();
    }
  }

  private long estimate(int slot) {
    return Math.max(current.get(slot), previous.get(slot));
  }

  /**
   * The server's clock now (ms since the epoch), as estimated from its replies: never ahead of it
   * beyond the samples' 1 ms resolution (both clocks are read in whole milliseconds), behind it by
   * at most the time the reply the estimate came from took to arrive; 0 when no reply was seen.
   */
  public long now() {
    long offset = estimate(any);
    return offset == NONE ? 0 : localMillis() + offset;
  }

  /**
   * The server time (ms) before which a write of {@code segment} sent now must run, given that the
   * caller gives up {@code budgetMillis} from now; 0 when the server's clock is unknown (no fence).
   */
  public long deadline(int segment, long budgetMillis) {
    long offset = segment >= 0 && segment < any ? estimate(segment) : NONE;
    if (offset == NONE) {
      offset = estimate(any);
      if (offset == NONE) {
        return 0;
      }
      offset -= UNSEEN_MARGIN_MILLIS;
    }
    return localMillis() + offset + budgetMillis;
  }
}
