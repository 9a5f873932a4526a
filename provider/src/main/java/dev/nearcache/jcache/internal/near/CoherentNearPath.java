package dev.nearcache.jcache.internal.near;

import dev.nearcache.jcache.internal.redis.Reply;
import dev.nearcache.jcache.internal.redis.ReplyStatus;
import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.near.internal.NearTier;
import dev.nearcache.near.internal.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The near path of a cache with a near tier: hits are served from the {@link NearTier}; a miss
 * reserves the key, reads Redis once for all concurrent misses of the key in this JVM, and installs
 * the value only if no newer change arrived; this node's own writes are installed tagged with their
 * sequence number.
 */
public final class CoherentNearPath implements NearPath {
  private static final long JOIN_TIMEOUT_MILLIS = 10_000;

  private final NearTier tier;
  private final SegmentLayout layout;
  private final NearCacheLink link;
  private final NearEntryFactory entries;

  /**
   * @param decoder decodes a payload (to learn whether the value can be shared as an object)
   * @param immutable whether instances of a class may be handed to every reader as they are
   */
  public CoherentNearPath(
      NearTier tier,
      SegmentLayout layout,
      NearCacheLink link,
      Function<byte[], Object> decoder,
      Predicate<Class<?>> immutable) {
    this.tier = tier;
    this.layout = layout;
    this.link = link;
    this.entries = new NearEntryFactory(tier, decoder, immutable);
  }

  public NearTier tier() {
    return tier;
  }

  /** The link that feeds the tier (tests drive its reconciliation). */
  NearCacheLink link() {
    return link;
  }

  @Override
  public Object key(Object key, byte[] encodedOrNull) {
    // No bytes: the caller already found the key is held as itself (the hit path asks once).
    if (encodedOrNull == null || NearKeys.heldAsObject(key.getClass())) {
      return key;
    }
    return NearKeys.ofBytes(encodedOrNull);
  }

  @Override
  public boolean keyHeldAsObject(Class<?> type) {
    return NearKeys.heldAsObject(type);
  }

  @Override
  public NearEntry lookup(Object nearKey) {
    return tier.lookup(nearKey);
  }

  @Override
  public Reply read(Object nearKey, byte[] encodedKey, Supplier<Reply> remote) {
    int segment = layout.segmentOf(encodedKey);
    NearTier.Ticket ticket = tier.reserveRead(nearKey, segment);
    if (ticket != null && !ticket.leader()) {
      Reply shared = join(ticket.reservation());
      if (shared != null) {
        // The leader reports an expired entry once; for the others it is simply absent.
        return shared.status() == ReplyStatus.EXPIRED ? absent(shared) : shared;
      }
      ticket = null;
    }
    Reply reply;
    try {
      reply = remote.get();
    } catch (RuntimeException | Error e) {
      if (ticket != null) {
        tier.abandon(nearKey, ticket.reservation(), e);
      }
      throw e;
    }
    tier.recordRemoteRead(reply.status() == ReplyStatus.HIT);
    if (ticket != null) {
      completeRead(nearKey, ticket.reservation(), segment, reply);
    }
    return reply;
  }

  /** Ends a read reservation with what Redis replied: a hit is installed if nothing newer came. */
  private void completeRead(Object nearKey, Reservation reservation, int segment, Reply reply) {
    NearEntry entry = null;
    if (reply.status() == ReplyStatus.HIT) {
      try {
        entry = entry(segment, null, reply.payload(), reply.seq(), reply);
      } catch (RuntimeException e) {
        // Bytes this node cannot decode are never cached; the caller's own decode reports them.
        entry = null;
      }
    }
    tier.completeRead(nearKey, reservation, entry, reply.seq(), reply);
  }

  /**
   * {@link #read} for many keys in one remote call: each key is reserved first and installed
   * afterwards under the same rule (no message newer than its segment's sequence number in the
   * reply touched the reservation). A key another thread is already reading is read again here
   * rather than waited for (one bulk call either way) and is not installed by this read.
   */
  @Override
  public List<Reply> readAll(
      List<Object> nearKeys, List<byte[]> encodedKeys, Supplier<List<Reply>> remote) {
    int n = nearKeys.size();
    Reservation[] reservations = new Reservation[n];
    int[] segments = new int[n];
    for (int i = 0; i < n; i++) {
      segments[i] = layout.segmentOf(encodedKeys.get(i));
      NearTier.Ticket ticket = tier.reserveRead(nearKeys.get(i), segments[i]);
      if (ticket != null && ticket.leader()) {
        reservations[i] = ticket.reservation();
      }
    }
    List<Reply> replies;
    try {
      replies = remote.get();
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < n; i++) {
        if (reservations[i] != null) {
          tier.abandon(nearKeys.get(i), reservations[i], e);
        }
      }
      throw e;
    }
    for (int i = 0; i < n; i++) {
      Reply reply = replies.get(i);
      tier.recordRemoteRead(reply.status() == ReplyStatus.HIT);
      if (reservations[i] != null) {
        completeRead(nearKeys.get(i), reservations[i], segments[i], reply);
      }
    }
    return replies;
  }

  private static Reply join(Reservation reservation) {
    try {
      return (Reply) reservation.result().get(JOIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private static Reply absent(Reply r) {
    return Reply.absent(r.seq(), r.serverNow());
  }

  @Override
  public Reply write(
      Object nearKey, byte[] encodedKey, Object value, byte[] payload, Supplier<Reply> remote) {
    int segment = layout.segmentOf(encodedKey);
    Reservation reservation = tier.reserveWrite(nearKey, segment);
    Reply reply;
    try {
      reply = remote.get();
    } catch (RuntimeException | Error e) {
      if (reservation != null) {
        tier.abandon(nearKey, reservation, e);
      }
      throw e;
    }
    if (reservation != null) {
      boolean stored = reply.status().stored();
      tier.completeWrite(
          nearKey, reservation, stored ? entry(segment, value, payload, reply.seq(), reply) : null);
    }
    return reply;
  }

  @Override
  public Reply invalidating(Object nearKey, byte[] encodedKey, Supplier<Reply> remote) {
    int segment = layout.segmentOf(encodedKey);
    Reservation reservation = tier.reserveWrite(nearKey, segment);
    try {
      return remote.get();
    } finally {
      if (reservation != null) {
        tier.completeWrite(nearKey, reservation, null);
      }
    }
  }

  @Override
  public List<Reply> writeAll(
      List<Object> nearKeys,
      List<byte[]> encodedKeys,
      List<Object> values,
      List<byte[]> payloads,
      Supplier<List<Reply>> remote) {
    int n = nearKeys.size();
    List<Reservation> reservations = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      reservations.add(tier.reserveWrite(nearKeys.get(i), layout.segmentOf(encodedKeys.get(i))));
    }
    List<Reply> replies;
    try {
      replies = remote.get();
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < n; i++) {
        if (reservations.get(i) != null) {
          tier.abandon(nearKeys.get(i), reservations.get(i), e);
        }
      }
      throw e;
    }
    for (int i = 0; i < n; i++) {
      Reservation reservation = reservations.get(i);
      if (reservation == null) {
        continue;
      }
      Reply reply = replies.get(i);
      boolean stored = values != null && reply.status().stored();
      tier.completeWrite(
          nearKeys.get(i),
          reservation,
          stored
              ? entry(
                  layout.segmentOf(encodedKeys.get(i)),
                  values.get(i),
                  payloads.get(i),
                  reply.seq(),
                  reply)
              : null);
    }
    return replies;
  }

  /** A near entry for a value; immutable values are kept as objects, others as their bytes. */
  private NearEntry entry(int segment, Object value, byte[] payload, long seq, Reply reply) {
    return entries.entry(
        segment, value, payload, seq, reply.version(), reply.expireAt(), reply.serverNow());
  }

  @Override
  public void extend(NearEntry entry, long accessMillis) {
    tier.extend(entry, accessMillis);
  }

  @Override
  public void invalidate(Object nearKey) {
    tier.invalidate(nearKey);
  }

  @Override
  public void clear() {
    tier.clearAll();
  }

  @Override
  public void suspend(boolean suspended) {
    tier.suspend(suspended);
  }

  @Override
  public NearCacheMetrics metrics() {
    return tier.metrics();
  }

  @Override
  public int segmentsServing() {
    int serving = 0;
    for (int segment = 0; segment < tier.segmentCount(); segment++) {
      if (tier.isServing(segment)) {
        serving++;
      }
    }
    return serving;
  }

  @Override
  public void close() {
    link.close();
  }
}
