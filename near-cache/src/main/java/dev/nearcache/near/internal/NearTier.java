package dev.nearcache.near.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.NearCacheSettings;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One cache's near tier in this JVM: a bounded Caffeine map from key to {@link NearEntry} (or to
 * a {@link Reservation} while a read or write is in flight), and the client side of the coherence
 * protocol (DESIGN.md §5-7):
 *
 * <ul>
 *   <li>a segment's entries are served only while the segment is {@linkplain SegmentState#live
 *       live}: subscribed, baseline sequence read, nothing known to be missing;
 *   <li>change messages arrive per segment in sequence order; a skipped number clears the
 *       segment; a message removes the key's entry unless the entry is at least as new;
 *   <li>values are installed only through a reservation that no newer message has touched.
 * </ul>
 *
 * Knows nothing of JCache or Redis: the provider feeds it messages and reads.
 */
public final class NearTier {
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final String name;
  private final Cache<Object, Object> cache;
  private final ConcurrentMap<Object, Object> map;
  private final Policy<Object, Object> quiet;
  private final SegmentState[] segments;
  /** Counts into the metrics {@link #metrics()} hands out. */
  private final NearCacheMetrics.Recorder recorder = new NearCacheMetrics.Recorder();
  /** Where time comes from: precise for deadlines and leases' start, coarse on the hit path. */
  private final NearClock clock;
  /** The local-lifetime cap in nanoseconds of the coarse clock; {@link #NO_DEADLINE} when off. */
  private final long lifetimeNanos;
  /** How long a confirmed synchronisation with Redis lets a segment serve (the lease). */
  private final long leaseNanos;
  /** Set while no segment may serve, whatever reconciliation finds ({@link #suspend}). */
  private volatile boolean suspended;

  /**
   * @param clock the time this tier judges leases, deadlines and caps by: {@link NearClock#system()}
   *     held {@linkplain NearClock#startTicking() ticking} in production, a
   *     {@linkplain NearClock#manual() manual} one in tests
   */
  public NearTier(String name, NearCacheSettings settings, int segmentCount, NearClock clock) {
    this.name = name;
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    // Size-bounded only: Caffeine's expireAfterWrite doubled the cost of a hit (a write-order
    // deque and a clock read per lookup). The local-lifetime cap is judged by the entry itself,
    // against the coarse clock; an entry past its cap is simply not served and is replaced by the
    // next read. Upkeep runs on the writing thread after writes, in the background after reads
    // (Maintenance says why).
    this.cache = Caffeine.newBuilder().maximumSize(settings.maximumSize()).executor(Maintenance.INSTANCE).build();
    this.lifetimeNanos = settings.maximumLocalLifetime().isZero()
        ? NO_DEADLINE : settings.maximumLocalLifetime().toNanos();
    this.leaseNanos = settings.lease().toNanos();
    this.map = cache.asMap();
    this.quiet = cache.policy();
    this.segments = new SegmentState[segmentCount];
    for (int i = 0; i < segmentCount; i++) {
      segments[i] = new SegmentState(clock);
    }
  }

  public String name() {
    return name;
  }

  /** The clock this tier judges time by; callers take the instants they pass in (a read's sending) from it. */
  public NearClock clock() {
    return clock;
  }

  public NearCacheMetrics metrics() {
    return recorder.metrics();
  }

  public int segmentCount() {
    return segments.length;
  }

  /** Whether the segment's state machine says it may serve: subscribed, baseline read, nothing missing. */
  public boolean isLive(int segment) {
    return segments[segment].live;
  }

  /** Whether the segment serves now: {@linkplain #isLive live} and its lease has not run out. */
  public boolean isServing(int segment) {
    return serving(segments[segment]);
  }

  private boolean serving(SegmentState state) {
    return clock.coarseNanos() - state.servableUntil < 0;
  }

  /** Renews a segment's lease unless the tier is {@linkplain #suspend suspended}. Holds the segment's monitor. */
  private void renew(SegmentState state, long until) {
    if (!suspended) {
      state.renew(until);
    }
  }

  /**
   * Stops (or resumes) serving every segment whatever the reconciliations find: for a cache this
   * node must not serve (its layout in Redis changed under it). While suspended no lease is
   * renewed; resuming serves again from the next confirmation on.
   */
  public void suspend(boolean on) {
    suspended = on;
    if (on) {
      for (SegmentState state : segments) {
        synchronized (state) {
          state.expire();
        }
      }
      clearAll();
    }
  }

  /** The lease a confirmation whose read was sent at {@code sentNanos} grants. */
  public long leaseFrom(long sentNanos) {
    return sentNanos + leaseNanos;
  }

  /** How long a confirmation lets a segment serve (ms). */
  public long leaseMillis() {
    return leaseNanos / 1_000_000L;
  }

  // ------------------------------------------------------------------ reads

  /** The entry to serve for {@code key}, or null (counted as a near miss). */
  public NearEntry lookup(Object key) {
    Object v = cache.getIfPresent(key);
    if (v instanceof NearEntry e && servable(e)) {
      recorder.nearHit();
      return e;
    }
    recorder.nearMiss();
    return null;
  }

  /**
   * Whether an entry may be served: its segment is live and under lease (both in one volatile
   * read, judged by the coarse clock: at most one 10 ms step late), its logical expiry (precise
   * clock, read only for entries that have one) has not passed and neither has its local-lifetime
   * cap (coarse clock).
   */
  private boolean servable(NearEntry e) {
    long coarse = clock.coarseNanos();
    if (coarse - segments[e.segment()].servableUntil >= 0) {
      return false;
    }
    long deadline = e.deadlineNanos();
    if (deadline != NO_DEADLINE && clock.nanos() - deadline >= 0) {
      return false;
    }
    long cap = e.capNanos();
    return cap == NO_DEADLINE || coarse - cap < 0;
  }

  /** Moves an entry's local deadline after an access served here (access-based expiry). */
  public void extend(NearEntry entry, long accessMillis) {
    entry.deadlineNanos(accessMillis < 0 ? NO_DEADLINE : clock.nanos() + accessMillis * 1_000_000L);
  }

  /** Builds an entry; null when the value is already expired by the server's clock. */
  public NearEntry entry(Object immutableValue, byte[] payload, int segment, long seq, long version,
      long expireAtMillis, long serverNowMillis) {
    long deadline;
    if (expireAtMillis < 0) {
      deadline = NO_DEADLINE;
    } else {
      long remaining = expireAtMillis - serverNowMillis;
      if (remaining <= 0) {
        return null;
      }
      deadline = clock.nanos() + remaining * 1_000_000L;
    }
    long cap = lifetimeNanos == NO_DEADLINE ? NO_DEADLINE : clock.coarseNanos() + lifetimeNanos;
    return new NearEntry(immutableValue, payload, segment, seq, version, deadline, cap);
  }

  /**
   * Reserves {@code key} for a remote read. Returns a ticket whose reservation is new (this
   * thread reads and completes it) or joined (another thread's read is in flight: wait on its
   * result); null when nothing may be cached now (segment not live, or a write in flight).
   */
  public Ticket reserveRead(Object key, int segment) {
    if (!serving(segments[segment])) {
      return null;
    }
    Reservation mine = new Reservation(segment, true);
    Object[] found = new Object[1];
    writing(() -> map.compute(key, (k, v) -> {
      if (v == null || (v instanceof NearEntry e && !servable(e))) {
        return mine;
      }
      found[0] = v;
      return v;
    }));
    Object other = found[0];
    if (other == null) {
      return new Ticket(mine, true);
    }
    if (other instanceof Reservation r && r.read) {
      recorder.singleFlightJoin();
      return new Ticket(r, false);
    }
    return null;
  }

  /**
   * Ends a read: installs {@code entry} (null for "not found") if the reservation is still in
   * place, no message newer than {@code readSeq} touched it and the segment is live; then hands
   * {@code sharedResult} to the threads that joined.
   */
  public void completeRead(Object key, Reservation reservation, NearEntry entry, long readSeq, Object sharedResult) {
    install(key, reservation, entry, readSeq);
    reservation.result().complete(sharedResult);
  }

  /** Ends a read that failed: frees the reservation; joined threads read for themselves. */
  public void abandon(Object key, Reservation reservation, Throwable failure) {
    writing(() -> map.remove(key, reservation));
    if (reservation.read) {
      reservation.result().completeExceptionally(failure);
    }
  }

  // ------------------------------------------------------------------ own writes (§7)

  /** Reserves {@code key} before this node writes it; null when the segment is not live. */
  public Reservation reserveWrite(Object key, int segment) {
    if (!serving(segments[segment])) {
      writing(() -> map.remove(key));
      return null;
    }
    Reservation mine = new Reservation(segment, false);
    writing(() -> map.put(key, mine));
    return mine;
  }

  /** Installs this node's own acknowledged write (tagged with its sequence number), or drops the reservation. */
  public void completeWrite(Object key, Reservation reservation, NearEntry entry) {
    install(key, reservation, entry, entry == null ? Long.MAX_VALUE : entry.seq());
  }

  private void install(Object key, Reservation reservation, NearEntry entry, long knownSeq) {
    boolean[] lost = new boolean[1];
    writing(() -> map.compute(key, (k, v) -> {
      if (v != reservation) {
        lost[0] = entry != null;
        return v;
      }
      if (entry == null) {
        return null;
      }
      if (reservation.invalidatedUpTo > knownSeq || !serving(segments[reservation.segment])) {
        lost[0] = true;
        return null;
      }
      return entry;
    }));
    if (lost[0]) {
      recorder.raceLost();
    }
  }

  /** Drops whatever the near tier holds for {@code key} (e.g. after this node removed it). */
  public void invalidate(Object key) {
    writing(() -> map.remove(key));
  }

  /** Counts a remote read's outcome (for the metrics). */
  public void recordRemoteRead(boolean found) {
    recorder.remoteRead(found);
  }

  // ------------------------------------------------------------------ the change feed (§6)

  /**
   * One change message of a segment. {@code key} is null for a segment-wide clear.
   * {@code serverMicros} is the Redis clock when the change was made (for the delay histogram).
   */
  public void onMessage(int segment, long seq, Object key, boolean clearsSegment, long serverMicros) {
    onMessage(segment, seq, key, clearsSegment, serverMicros, null);
  }

  /**
   * {@link #onMessage(int, long, Object, boolean, long)} for a message that may carry the key's
   * new value: {@code replacement} builds the entry for it (null when the value is not wanted:
   * expired, or undecodable here), and an older entry held for the key is replaced by it instead
   * of dropped. Safe for the same reason a drop is: messages of a segment arrive in sequence
   * order, so the value a message carries is the newest as of its number, and an entry is only
   * ever replaced by a newer one. A key that is not held is not added (the tier holds what this
   * node reads), and a reservation is only marked, as for any message: its read or write then
   * installs nothing older than this change.
   */
  public void onMessage(int segment, long seq, Object key, boolean clearsSegment, long serverMicros,
      Supplier<NearEntry> replacement) {
    SegmentState state = segments[segment];
    boolean gap;
    boolean awaited;
    synchronized (state) {
      gap = state.lastSeq >= 0 && seq > state.lastSeq + 1;
      if (seq > state.lastSeq) {
        state.lastSeq = seq;
      }
      awaited = state.suspect != 0 && seq >= state.suspect;
    }
    if (gap) {
      recorder.gap();
      clearSegment(segment, ClearCause.GAP);
    }
    if (clearsSegment) {
      clearSegment(segment, ClearCause.CACHE_CLEARED);
    } else if (key != null) {
      apply(key, seq, replacement);
    }
    if (awaited) {
      resumeIfCaughtUp(state);
    }
    if (serverMicros > 0) {
      long nowMicros = currentMicros();
      recorder.invalidationDelay(nowMicros - serverMicros);
    }
    // Counted once handled, so an observer that sees the count also sees the key dropped.
    recorder.invalidation();
  }

  /**
   * Drops (or replaces) what is held for {@code key} if it is older than {@code seq}. First a
   * quiet look without the key's lock: nothing held, or an entry at least as new (usually the
   * writer's own echo, its install done), and the locked compute is skipped. Skipping is the same
   * as handling the message before whatever replaces that mapping later: a reservation made after
   * an entry of seq e was held completes with a number of at least e (its read or write reaches
   * Redis after that entry's change), so a message of at most e cannot fail its install. The
   * quiet read leaves the policy's frequency and recency untouched. A replacement is built (the
   * value decoded) outside the lock, and only when an older entry is held.
   */
  private void apply(Object key, long seq, Supplier<NearEntry> replacement) {
    Object held = quiet.getIfPresentQuietly(key);
    if (held == null || (held instanceof NearEntry e && e.seq() >= seq)) {
      return;
    }
    NearEntry fresh = replacement != null && held instanceof NearEntry ? build(replacement) : null;
    boolean[] replaced = new boolean[1];
    writing(() -> map.computeIfPresent(key, (k, v) -> {
      if (v instanceof NearEntry e) {
        if (e.seq() >= seq) {
          return e;
        }
        replaced[0] = fresh != null;
        return fresh;
      }
      Reservation r = (Reservation) v;
      if (seq > r.invalidatedUpTo) {
        r.invalidatedUpTo = seq;
      }
      return r;
    }));
    if (replaced[0]) {
      recorder.valueReplaced();
    }
  }

  private static NearEntry build(Supplier<NearEntry> replacement) {
    try {
      return replacement.get();
    } catch (RuntimeException e) {
      // A value this node cannot decode is dropped, never served.
      return null;
    }
  }

  static long currentMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * Reconciliation stopped the segment because Redis was ahead of the messages (usually only
   * because its read overtook a message still on its way). The message that reaches that number
   * has now been applied, and every earlier one was (a skipped number would have cleared the
   * segment): nothing is missing, so the segment serves again at once instead of after the
   * grace period's recheck, which then finds nothing to do. The bound is unchanged: nothing was
   * served from the moment the number was read until it was accounted for.
   */
  private void resumeIfCaughtUp(SegmentState state) {
    synchronized (state) {
      if (state.suspect != 0 && state.subscribed && state.lastSeq >= state.suspect) {
        state.suspect = 0;
        state.live(true);
        renew(state, state.pendingLease);
      }
    }
  }

  /** A message that cannot be read: the segment can no longer be trusted. */
  public void onUnreadableMessage(int segment) {
    clearSegment(segment, ClearCause.UNREADABLE_MESSAGE);
  }

  /**
   * The segment's subscription was (re-)established. Until {@link #onBaseline} nothing of it is
   * served, and whatever was held is dropped: messages may have been missed before.
   */
  public void onSubscribed(int segment) {
    SegmentState state = segments[segment];
    synchronized (state) {
      state.live(false);
      state.subscribed = true;
      state.suspect = 0;
      // Forget the old numbering: Redis may have restarted, flushed or failed over and count
      // from lower now; the baseline (or the first message) starts it again.
      state.lastSeq = -1;
    }
    clearSegment(segment, ClearCause.SUBSCRIBED);
  }

  /** {@link #onBaseline(int, long, long)} for a number read just now. */
  public void onBaseline(int segment, long currentSeq) {
    onBaseline(segment, currentSeq, clock.nanos());
  }

  /**
   * The segment's current sequence number, read after subscribing by a read sent at
   * {@code sentNanos}: from now on it is served, under a lease counted from that instant.
   */
  public void onBaseline(int segment, long currentSeq, long sentNanos) {
    SegmentState state = segments[segment];
    synchronized (state) {
      // Not before subscribing, and never while reconciliation waits to see whether messages
      // catch up: raising lastSeq here would hide a lost message from the recheck.
      if (!state.subscribed || state.suspect != 0) {
        return;
      }
      if (currentSeq > state.lastSeq) {
        state.lastSeq = currentSeq;
      }
      state.live(true);
      renew(state, leaseFrom(sentNanos));
    }
  }

  /**
   * A connection to Redis was lost; it may have carried the subscriptions. Nothing is served
   * until either the subscription is re-established ({@link #onSubscribed}) or a probe published
   * on the segment's channel comes back ({@link #onProbeEcho}), proving the subscription survived.
   */
  public void onDisconnected() {
    for (int s = 0; s < segments.length; s++) {
      SegmentState state = segments[s];
      synchronized (state) {
        state.live(false);
        state.subscribed = false;
      }
      clearSegment(s, ClearCause.DISCONNECTED);
    }
  }

  /** True while the segment's subscription is known to be in place. */
  public boolean isSubscribed(int segment) {
    synchronized (segments[segment]) {
      return segments[segment].subscribed;
    }
  }

  /**
   * This node's own probe came back on the segment's channel: the subscription is in place. The
   * sequence numbering carried on (messages were counted meanwhile), so with a baseline known the
   * segment serves again.
   */
  public void onProbeEcho(int segment) {
    SegmentState state = segments[segment];
    synchronized (state) {
      if (state.subscribed) {
        return;
      }
      state.subscribed = true;
      if (state.lastSeq >= 0 && state.suspect == 0) {
        // The lease from before the drop still bounds what is served: it was granted by a read
        // that saw every change before it, and changes since are caught by the next reconciliation.
        state.live(true);
      }
    }
  }

  /** {@link #reconcile(int, long, long)} for a number read with nothing handled meanwhile. */
  public boolean reconcile(int segment, long currentSeq) {
    long last;
    synchronized (segments[segment]) {
      last = segments[segment].lastSeq;
    }
    return reconcile(segment, currentSeq, last);
  }

  /** The last sequence number accounted for in each segment (-1 where none yet). */
  public long[] lastSeqs() {
    long[] out = new long[segments.length];
    for (int s = 0; s < segments.length; s++) {
      synchronized (segments[s]) {
        out[s] = segments[s].lastSeq;
      }
    }
    return out;
  }

  /**
   * Reconciliation read {@code currentSeq} for the segment, having known
   * {@code lastSeqBeforeRead} when it sent the read. A number below that means the counter went
   * backwards (restart, flush, failover): the segment is dropped. A number above what messages
   * brought stops the segment serving and returns true: {@link #recheck} decides after a short
   * grace whether the messages caught up or were lost.
   */
  public boolean reconcile(int segment, long currentSeq, long lastSeqBeforeRead) {
    return reconcile(segment, currentSeq, lastSeqBeforeRead, clock.nanos());
  }

  /**
   * {@link #reconcile(int, long, long)} for a read sent at {@code sentNanos}. A read that finds
   * nothing missing renews the segment's lease from the instant it was sent: every change made in
   * Redis before the read executed had been accounted for, so whatever is served until the lease
   * runs out was current less than one lease ago.
   */
  public boolean reconcile(int segment, long currentSeq, long lastSeqBeforeRead, long sentNanos) {
    SegmentState state = segments[segment];
    boolean reset = false;
    synchronized (state) {
      if (!state.live) {
        return false;
      }
      // Compared with what was known before the read was sent: messages handled while it was in
      // flight may already be ahead of the number it brings back.
      if (currentSeq < lastSeqBeforeRead) {
        reset = true;
        state.lastSeq = currentSeq;
      } else if (currentSeq > state.lastSeq) {
        state.live(false);
        state.suspect = currentSeq;
        state.pendingLease = leaseFrom(sentNanos);
        return true;
      }
      if (!reset) {
        renew(state, leaseFrom(sentNanos));
      }
    }
    if (reset) {
      clearSegment(segment, ClearCause.SEQUENCE_RESET);
      // Cleared first, then confirmed: the read's view (the lower number) is what the lease holds.
      synchronized (state) {
        renew(state, leaseFrom(sentNanos));
      }
    }
    return false;
  }

  /** After the grace period: if messages did not reach the suspect number, they were lost. */
  public void recheck(int segment) {
    SegmentState state = segments[segment];
    boolean lost;
    synchronized (state) {
      if (state.suspect == 0 || !state.subscribed) {
        return;
      }
      lost = state.lastSeq < state.suspect;
      if (lost) {
        state.lastSeq = state.suspect;
      }
      state.suspect = 0;
    }
    if (lost) {
      clearSegment(segment, ClearCause.RECONCILIATION);
    }
    synchronized (state) {
      if (state.subscribed && state.suspect == 0) {
        state.live(true);
        renew(state, state.pendingLease);
      }
    }
  }

  /**
   * Synchronisation with Redis could not be confirmed (a reconciliation failed or timed out):
   * every segment stops serving at once instead of when its lease runs out. Entries are kept;
   * the next reconciliation that succeeds decides whether anything was missed meanwhile.
   */
  public void expireLeases() {
    recorder.leaseExpiry();
    for (SegmentState state : segments) {
      synchronized (state) {
        state.expire();
      }
    }
  }

  /** Drops every entry and reservation of one segment. */
  public void clearSegment(int segment, ClearCause cause) {
    recorder.clear(cause);
    writing(() -> map.entrySet().removeIf(e -> segmentOf(e.getValue()) == segment));
  }

  private static int segmentOf(Object v) {
    return v instanceof NearEntry e ? e.segment() : ((Reservation) v).segment;
  }

  /** Drops everything. */
  public void clearAll() {
    writing(() -> {
      map.clear();
      return null;
    });
  }

  /**
   * Runs a change of the map, so that Caffeine's upkeep after it runs on this thread
   * ({@link Maintenance}). Every change of the map goes through here.
   */
  private static <T> T writing(Supplier<T> change) {
    int[] depth = Maintenance.beginWrite();
    try {
      return change.get();
    } finally {
      Maintenance.endWrite(depth);
    }
  }

  public long size() {
    return cache.estimatedSize();
  }

  /** A reservation and whether this thread owns it (reads) or joined another thread's read. */
  public record Ticket(Reservation reservation, boolean leader) {}
}
