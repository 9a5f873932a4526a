package dev.nearcache.jcache.internal.redis;

import dev.nearcache.jcache.internal.near.NearPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps every open cache of a manager on the one layout (segment count) all nodes use. A cache's
 * metadata key fixes its count when the first node creates it; it can vanish while nodes run
 * (FLUSHALL, eviction under an {@code allkeys-*} policy, {@code destroyCache} on another node), and
 * a node that then opened the cache with another count would split it silently: each side would
 * read the other's entries as missing, or older values as current.
 *
 * <p>Every {@link #INTERVAL_MILLIS} the guard runs meta.lua for every watched cache in one
 * pipeline, with the cache's own count: a missing key is re-created atomically with it (so nodes
 * that were running keep the layout they agreed on), and a key that holds another count means
 * another node re-created it first: this node then refuses the cache (every call fails with a
 * {@code CacheException} naming both layouts, and its near tier serves nothing) until the metadata
 * agrees again or the cache is reopened, which adopts the count in Redis.
 */
public final class LayoutGuard implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LayoutGuard.class.getName());

  /** How often the metadata is checked: the longest a split can last before it is refused. */
  public static final long INTERVAL_MILLIS = 1000;

  private record Watched(RedisStore store, NearPath near) {}

  private final RedisConnection redis;
  private final Executor executor;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private final ScheduledFuture<?> task;

  /**
   * @param executor runs the check (it waits for Redis; the scheduler's thread must not)
   */
  public LayoutGuard(RedisConnection redis, ScheduledExecutorService scheduler, Executor executor) {
    this.redis = redis;
    this.executor = executor;
    this.task =
        scheduler.scheduleAtFixedRate(
            this::trigger, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  public void watch(RedisStore store, NearPath near) {
    watched.put(store.layout().cacheName(), new Watched(store, near));
  }

  /** Stops watching {@code store}'s cache (if it is still the one watched under its name). */
  public void unwatch(RedisStore store) {
    watched.computeIfPresent(
        store.layout().cacheName(), (name, w) -> w.store() == store ? null : w);
  }

  private void trigger() {
    if (watched.isEmpty() || !checking.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              check();
            } finally {
              checking.set(false);
            }
          });
    } catch (RuntimeException e) {
      checking.set(false);
    }
  }

  /** Checks every watched cache once (also called by tests). */
  public void check() {
    List<Watched> caches = new ArrayList<>(watched.values());
    if (caches.isEmpty()) {
      return;
    }
    List<ScriptExecutor.Call> calls = new ArrayList<>(caches.size());
    for (Watched w : caches) {
      SegmentLayout layout = w.store().layout();
      calls.add(redis.metaCall(layout.cacheName(), layout.segments()));
    }
    List<Object> replies;
    try {
      replies = redis.executor().runAll(calls);
    } catch (RuntimeException e) {
      // Redis unreachable: the calls fail on their own, and the near tiers' leases run out.
      LOG.log(System.Logger.Level.DEBUG, "checking the caches' layouts failed", e);
      return;
    }
    for (int i = 0; i < caches.size(); i++) {
      judge(caches.get(i), RedisConnection.segmentsIn(replies.get(i)));
    }
  }

  @SuppressWarnings(
      "ReferenceEquality") // identity on purpose: a reopened cache is a new registration
  private void judge(Watched w, int inRedis) {
    SegmentLayout layout = w.store().layout();
    String name = layout.cacheName();
    if (watched.get(name) != w) {
      return; // closed or reopened meanwhile
    }
    boolean refused = w.store().refusal() != null;
    if (inRedis == layout.segments()) {
      if (refused) {
        w.store().refuse(null);
        w.near().suspend(false);
        LOG.log(
            System.Logger.Level.INFO,
            "Cache '"
                + name
                + "': its metadata in Redis agrees with this node again ("
                + inRedis
                + " segments); serving it again");
      }
      return;
    }
    String reason =
        "Cache '"
            + name
            + "' refused on this node: it uses "
            + layout.segments()
            + " segments, but the cache's metadata in Redis (key "
            + redis.metaKeyOf(name)
            + ") now says "
            + inRedis
            + ". The metadata was lost (FLUSHALL, eviction under an allkeys-* maxmemory-policy, or destroyCache on"
            + " another node) and another node re-created it with its own segment count before this node could;"
            + " entries written under one layout are invisible to the other. Close this cache and get it again"
            + " (or restart this node) to adopt the layout in Redis.";
    if (!refused) {
      w.near().suspend(true);
      w.store().refuse(reason);
      LOG.log(System.Logger.Level.ERROR, reason);
    }
  }

  @Override
  public void close() {
    task.cancel(false);
    watched.clear();
  }
}
