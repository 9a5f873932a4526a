package dev.nearcache.jcache.internal.near;

import dev.nearcache.jcache.internal.redis.ChangeKind;
import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.near.internal.NearTier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RTopic;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.connection.ConnectionListener;

/**
 * Connects one cache's {@link NearTier} to Redis: subscribes to every segment's change channel
 * (sharded pub/sub where the server has it), feeds the messages in, reads each segment's baseline
 * sequence number once subscribed, and reconciles all segments' numbers every interval so that a
 * lost message is found within the interval plus one round trip (docs/design.md, "Knowing what was
 * missed").
 */
public final class NearCacheLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NearCacheLink.class.getName());

  /**
   * How long a sequence number read by reconciliation may run ahead of the messages before they
   * count as lost. The segment serves nothing meanwhile, so this costs near hits, not staleness; it
   * is generous because on a loaded machine a message can trail the read that overtook it by far
   * more than a round trip, and a grace shorter than that would clear segments that lost nothing
   * (BENCHMARKS.md, findings 8).
   */
  static final long GRACE_MILLIS = 100;

  /** Attempts at subscribing one channel before the cache cannot be created. */
  static final int SUBSCRIBE_ATTEMPTS = 3;

  private final RedisConnection redis;
  private final SegmentLayout layout;
  private final NearTier tier;
  private final Function<byte[], Object> nearKeyOfMessage;

  /** Builds entries from the values that messages carry; null: every message only invalidates. */
  private final NearEntryFactory entries;

  private final ScheduledExecutorService scheduler;
  private final List<RTopic> topics = new ArrayList<>();
  private final Duration interval;
  private volatile ScheduledFuture<?> reconciliation;

  /**
   * True while a reconciliation read is out. The timer does not send another meanwhile: when Redis
   * is slow or the connection stalls, reads would only queue up behind each other, and the lease
   * already stops serving when no answer comes.
   */
  private final AtomicBoolean reconciling = new AtomicBoolean();

  private volatile Integer connectionListenerId;
  private volatile boolean closed;

  /**
   * @param nearKeyOfMessage turns a message's encoded key into the near-tier key (may throw if the
   *     key cannot be decoded here; the segment is then cleared)
   * @param entries builds the near entries of values that messages carry (an older copy held here
   *     is then replaced instead of dropped); null to treat every message as an invalidation
   */
  public NearCacheLink(
      RedisConnection redis,
      SegmentLayout layout,
      NearTier tier,
      Function<byte[], Object> nearKeyOfMessage,
      NearEntryFactory entries,
      Duration interval,
      ScheduledExecutorService scheduler) {
    this.entries = entries;
    this.redis = redis;
    this.layout = layout;
    this.tier = tier;
    this.nearKeyOfMessage = nearKeyOfMessage;
    this.interval = interval;
    this.scheduler = scheduler;
  }

  /** Subscribes every segment and starts reconciling; returns once the subscriptions are live. */
  // Redisson 3.52 adds a connection listener to a running client only through the deprecated
  // NodesGroup (Config takes one before the client exists), and ConnectionListener's two abstract
  // methods, which must be implemented, are deprecated themselves.
  @SuppressWarnings("deprecation")
  public void start() {
    boolean sharded = "SPUBLISH".equals(redis.publishCommand());
    for (int s = 0; s < layout.segments(); s++) {
      topics.add(subscribe(s, sharded));
      subscribed(s);
    }
    // Redisson tells subscribers nothing when a connection drops (it resubscribes later), but it
    // tells connection listeners at once: stop serving until the subscription is proven again.
    connectionListenerId =
        redis
            .client()
            .getNodesGroup()
            .addConnectionListener(
                new ConnectionListener() {
                  @Override
                  public void onConnect(InetSocketAddress address) {}

                  @Override
                  public void onDisconnect(InetSocketAddress address) {
                    if (!closed) {
                      tier.onDisconnected();
                      probeAll();
                    }
                  }
                });
    long period = interval.toMillis();
    // At a fixed rate: a read is sent at most one interval after any write, whatever the last
    // round took (the bound is interval + one round trip).
    reconciliation =
        scheduler.scheduleAtFixedRate(this::reconcile, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Subscribes one segment's channel. A subscription that times out is retried (listeners removed
   * first, so none is registered twice): Redisson was seen to time out a subscription once in a
   * long benchmark run on a loaded machine, and failing the whole cache for it would be worse than
   * a few seconds' wait.
   */
  private RTopic subscribe(int segment, boolean sharded) {
    String channel = new String(layout.channel(segment), StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      RTopic topic =
          sharded
              ? redis.client().getShardedTopic(channel, ByteArrayCodec.INSTANCE)
              : redis.client().getTopic(channel, ByteArrayCodec.INSTANCE);
      try {
        topic.addListener(byte[].class, (ch, message) -> onMessage(segment, message));
        topic.addListener(
            new StatusListener() {
              @Override
              public void onSubscribe(String ch) {
                // Also called when Redisson subscribes again after a reconnect.
                subscribed(segment);
              }

              @Override
              public void onUnsubscribe(String ch) {
                if (!closed) {
                  tier.onDisconnected();
                }
              }
            });
        return topic;
      } catch (RedisTimeoutException e) {
        try {
          topic.removeAllListeners();
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        refusedChannel(topic, channel, e);
        if (attempt == SUBSCRIBE_ATTEMPTS) {
          throw e;
        }
        LOG.log(
            System.Logger.Level.WARNING,
            "subscribing to "
                + channel
                + " timed out (attempt "
                + attempt
                + " of "
                + SUBSCRIBE_ATTEMPTS
                + "); trying again",
            e);
      }
    }
  }

  /**
   * A subscription that timed out may have been refused: Redisson cannot read Redis's NOPERM answer
   * to a subscribe and waits for the timeout instead. Publishing a probe on the channel (harmless:
   * nobody here listens yet, and probes change nothing) gets the same answer in a form that can be
   * read; a refusal then fails at once, naming the channel and the grant it needs.
   */
  private void refusedChannel(RTopic topic, String channel, RuntimeException timeout) {
    try {
      topic.publish(probe(0));
    } catch (RedisException e) {
      if (String.valueOf(e.getMessage()).contains("NOPERM")) {
        CacheException refused =
            new CacheException(
                "Cache '"
                    + layout.cacheName()
                    + "': the Redis user may not use"
                    + " the channel "
                    + channel
                    + " ("
                    + e.getMessage().lines().findFirst().orElse("NOPERM")
                    + "): its ACL rule needs the channel pattern of the key prefix, e.g. &"
                    + channel.substring(0, channel.indexOf('{'))
                    + "* (docs/configuration.md, \"Least privilege\")",
                e);
        refused.addSuppressed(timeout);
        throw refused;
      }
    } catch (RuntimeException ignored) {
      // Not a refusal we can read: retry the subscription as before.
    }
  }

  private void subscribed(int segment) {
    if (closed) {
      return;
    }
    tier.onSubscribed(segment);
    long sent = tier.clock().nanos();
    redis
        .client()
        .getBucket(
            new String(layout.seqKey(segment), StandardCharsets.UTF_8), ByteArrayCodec.INSTANCE)
        .getAsync()
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "reading the baseline sequence of "
                        + layout.cacheName()
                        + " segment "
                        + segment
                        + " failed; it stays uncached until reconciliation",
                    error);
                return;
              }
              tier.onBaseline(segment, parse((byte[]) value), sent);
            });
  }

  /**
   * Publishes a probe on every segment whose subscription is in doubt; its echo proves the
   * subscription is in place. Probes carry sequence number 0 and are not counted as changes.
   */
  @SuppressWarnings(
      "FutureReturnValueIgnored") // a probe that is lost is sent again by the next round
  private void probeAll() {
    byte[] probe = probe(System.currentTimeMillis() * 1000);
    for (int s = 0; s < topics.size(); s++) {
      if (!tier.isSubscribed(s)) {
        topics.get(s).publishAsync(probe);
      }
    }
  }

  /**
   * A probe: a change message of kind {@link ChangeKind#PROBE} with sequence number 0 (not a
   * change) and this node as its origin, in the scripts' format (lib.lua's changeMessage).
   */
  private byte[] probe(long micros) {
    return ("0|" + redis.nodeId() + "|" + ChangeKind.PROBE.code() + "|" + micros + "|")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private void onMessage(int segment, byte[] raw) {
    ChangeMessage message;
    try {
      message = ChangeMessage.parse(raw);
    } catch (RuntimeException e) {
      tier.onUnreadableMessage(segment);
      return;
    }
    if (message.kind() == ChangeKind.PROBE) {
      if (redis.nodeId().equals(message.originOfProbe())) {
        tier.onProbeEcho(segment);
      }
      return;
    }
    if (message.kind() == ChangeKind.BULK_WRITE) {
      onMultiKeyMessage(segment, message);
      return;
    }
    Object key = null;
    if (!message.clearsSegment()) {
      try {
        key = nearKeyOfMessage.apply(message.key());
      } catch (RuntimeException e) {
        tier.onUnreadableMessage(segment);
      }
    }
    tier.onMessage(
        segment,
        message.seq(),
        key,
        message.clearsSegment(),
        message.serverMicros(),
        replacement(segment, message));
  }

  /** For a message that carries the written value, how to build its near entry. */
  private Supplier<NearEntry> replacement(int segment, ChangeMessage message) {
    if (entries == null || !message.carriesValue()) {
      return null;
    }
    // Version = seq for a write; "now" is the write's own server time, so the entry's remaining
    // life is what it was when the write executed (a little less is left by the time it arrives).
    return () ->
        entries.entry(
            segment,
            null,
            message.payload(),
            message.seq(),
            message.seq(),
            message.expireAtMillis(),
            message.serverMicros() / 1000);
  }

  /** One change of several keys (a bulk write): every key is invalidated with the same number. */
  private void onMultiKeyMessage(int segment, ChangeMessage message) {
    List<byte[]> keys;
    try {
      keys = ChangeMessage.splitKeys(message.key());
    } catch (RuntimeException e) {
      tier.onUnreadableMessage(segment);
      tier.onMessage(segment, message.seq(), null, false, message.serverMicros());
      return;
    }
    for (byte[] encoded : keys) {
      Object key = null;
      try {
        key = nearKeyOfMessage.apply(encoded);
      } catch (RuntimeException e) {
        tier.onUnreadableMessage(segment);
      }
      tier.onMessage(segment, message.seq(), key, false, message.serverMicros());
    }
  }

  /**
   * Reads every segment's sequence number in one pipelined batch and compares; the answer is
   * handled on the scheduler. Skipped while the previous read is still out (it does not queue up
   * behind itself). A read that fails or times out stops every segment serving at once; one that
   * never answers stops them when their leases run out, with no error needed.
   *
   * @return completes when this round's answer has been handled (at once when skipped)
   */
  // A batched command's future only mirrors its answer in the BatchResult, read from there.
  @SuppressWarnings("FutureReturnValueIgnored")
  CompletionStage<Void> reconcile() {
    if (closed || !reconciling.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      long[] before = tier.lastSeqs();
      long sent = tier.clock().nanos();
      // Waiting longer than the lease is pointless: by then nothing is served anyway, and the
      // next round can go out.
      RBatch batch =
          redis
              .client()
              .createBatch(
                  BatchOptions.defaults()
                      .responseTimeout(tier.leaseMillis(), TimeUnit.MILLISECONDS));
      for (int s = 0; s < layout.segments(); s++) {
        batch
            .getBucket(
                new String(layout.seqKey(s), StandardCharsets.UTF_8), ByteArrayCodec.INSTANCE)
            .getAsync();
      }
      batch
          .executeAsync()
          .whenCompleteAsync(
              (result, error) -> {
                try {
                  if (error != null) {
                    failed(error);
                  } else {
                    compare(result.getResponses(), before, sent);
                  }
                } catch (RuntimeException e) {
                  failed(e);
                } finally {
                  reconciling.set(false);
                  done.complete(null);
                }
              },
              scheduler);
    } catch (RuntimeException e) {
      // Not sent (shut down, or no connection to take one from).
      failed(e);
      reconciling.set(false);
      done.complete(null);
    }
    return done;
  }

  private void failed(Throwable error) {
    if (closed) {
      return;
    }
    tier.expireLeases();
    LOG.log(
        System.Logger.Level.DEBUG,
        "reconciliation of "
            + layout.cacheName()
            + " failed; its near entries are not served until one succeeds",
        error);
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // a recheck that fails leaves its segment to the next round
  private void compare(List<?> values, long[] before, long sent) {
    if (closed) {
      return;
    }
    boolean recheck = false;
    probeAll();
    for (int s = 0; s < values.size(); s++) {
      long current = parse((byte[]) values.get(s));
      if (!tier.isLive(s)) {
        // A segment that is not serving may have missed its baseline: try again.
        tier.onBaseline(s, current, sent);
        continue;
      }
      recheck |= tier.reconcile(s, current, before[s], sent);
    }
    if (recheck) {
      scheduler.schedule(this::recheckAll, GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void recheckAll() {
    for (int s = 0; s < layout.segments(); s++) {
      tier.recheck(s);
    }
  }

  private static long parse(byte[] value) {
    if (value == null || value.length == 0) {
      return 0;
    }
    return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }

  @Override
  @SuppressWarnings("deprecation") // NodesGroup: see start()
  public void close() {
    closed = true;
    if (connectionListenerId != null) {
      redis.client().getNodesGroup().removeConnectionListener(connectionListenerId);
    }
    ScheduledFuture<?> task = reconciliation;
    if (task != null) {
      task.cancel(false);
    }
    for (RTopic topic : topics) {
      try {
        topic.removeAllListeners();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "unsubscribing " + layout.cacheName() + " failed", e);
      }
    }
    tier.clearAll();
  }
}
