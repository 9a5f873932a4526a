package dev.nearcache.jcache;

import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.ScriptExecutor.Call;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Access-based expiry for reads served by the near tier (docs/design.md, "JCache semantics with a
 * near tier"): each accessed key is noted, and every few milliseconds the noted keys' lives are
 * extended in Redis in one pipelined batch, so that a key read only locally does not expire in
 * Redis (and on other nodes).
 */
final class AccessTouches implements AutoCloseable {
  static final long FLUSH_MILLIS = 20;
  private static final System.Logger LOG = System.getLogger(AccessTouches.class.getName());

  private final RedisStore store;
  private final long accessMillis;
  private final ConcurrentHashMap<ByteBuffer, byte[]> pending = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> task;

  AccessTouches(RedisStore store, long accessMillis, ScheduledExecutorService scheduler) {
    this.store = store;
    this.accessMillis = accessMillis;
    this.task =
        scheduler.scheduleWithFixedDelay(
            this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  void touched(byte[] encodedKey) {
    pending.putIfAbsent(ByteBuffer.wrap(encodedKey), encodedKey);
  }

  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Call> calls = new ArrayList<>();
    for (ByteBuffer key : pending.keySet()) {
      byte[] k = pending.remove(key);
      if (k != null) {
        calls.add(store.touch(k, accessMillis));
      }
    }
    try {
      store.runAll(calls);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "extending access expiry in Redis failed for " + calls.size() + " keys",
          e);
    }
  }

  @Override
  public void close() {
    task.cancel(false);
    flush();
  }
}
