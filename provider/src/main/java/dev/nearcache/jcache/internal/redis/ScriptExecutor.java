package dev.nearcache.jcache.internal.redis;

import java.util.ArrayList;
import java.util.List;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.WriteRedisConnectionException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;

/**
 * Runs the Lua scripts: EVALSHA, one round trip, and when Redis no longer knows a script (it
 * restarted, or SCRIPT FLUSH ran) the script is loaded again and the call retried once. Bulk calls
 * go through one Redisson batch, pipelined per node.
 */
public final class ScriptExecutor {
  private final RedissonClient client;
  private final RScript script;

  /** get-many's replies, decoded entry by entry from Netty's buffer ({@link StoredEntryCodec}). */
  private final RScript entryScript;

  /** Set when writes wait for replicas ({@code redis.wait-for-replicas}); null: they do not. */
  private volatile ReplicaWait replicaWait;

  public ScriptExecutor(RedissonClient client) {
    this.client = client;
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.entryScript = client.getScript(StoredEntryCodec.INSTANCE);
  }

  /** From now on every mutating call waits for replicas as {@code wait} says (null: none). */
  public void waitForReplicas(ReplicaWait wait) {
    this.replicaWait = wait;
  }

  /** get-many replies stored entries ({@link StoredEntryCodec}); every other script, raw bytes. */
  static boolean repliesEntries(Call call) {
    return call.script() == LuaScript.GET_MANY;
  }

  /**
   * Every script runs READ_WRITE: reads must go to the primary (a replica may lag behind an
   * acknowledged write), and even a read script may delete an expired entry or move an access
   * expiry.
   */
  static final RScript.Mode MODE = RScript.Mode.READ_WRITE;

  /** Loads every script on every master so that the first calls need no fallback. */
  public void loadAll() {
    for (LuaScript s : LuaScript.values()) {
      script.scriptLoad(s.text());
    }
  }

  /**
   * How long a call is sent again when it could not be written to its connection at all: right
   * after Redis came back from a restart, Redisson was seen to hand out pooled connections whose
   * channel had closed, for up to a few hundred ms. Such a call never reached Redis, so sending it
   * again is safe (and a write keeps its first deadline: a resend past it is refused). Every other
   * failure is reported, not retried.
   */
  static final long UNWRITTEN_RETRY_MILLIS = 1_000;

  private static final long UNWRITTEN_PAUSE_MILLIS = 10;

  /** One script call; returns Redis's raw reply (a List for our scripts). */
  public Object run(Call call) {
    long giveUp = System.nanoTime() + UNWRITTEN_RETRY_MILLIS * 1_000_000L;
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return runOnce(call);
      } catch (WriteRedisConnectionException e) {
        if (System.nanoTime() - giveUp > 0) {
          e.addSuppressed(new IllegalStateException("not written in " + attempts + " attempts"));
          throw e;
        }
        pause();
      }
    }
  }

  private Object runOnce(Call call) {
    try {
      return invoke(call);
    } catch (RedisException e) {
      if (!isNoScript(e)) {
        throw e;
      }
      script.scriptLoad(call.script().text());
      return invoke(call);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(UNWRITTEN_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Object invoke(Call call) {
    ReplicaWait wait = replicaWait;
    if (wait != null && ReplicaWait.appliesTo(call)) {
      return wait.runAll(List.of(call)).get(0);
    }
    RScript target = repliesEntries(call) ? entryScript : script;
    return target.evalSha(
        call.routingKey(),
        MODE,
        call.script().sha(),
        RScript.ReturnType.MULTI,
        call.keys(),
        call.args());
  }

  /** Many calls in one pipelined batch; answers in call order. */
  public List<Object> runAll(List<Call> calls) {
    if (calls.isEmpty()) {
      return List.of();
    }
    if (calls.size() == 1) {
      return List.of(run(calls.get(0)));
    }
    try {
      return batch(calls);
    } catch (RedisException e) {
      if (!isNoScript(e)) {
        throw e;
      }
      loadAll();
      return batch(calls);
    }
  }

  // A batched command's future only mirrors its answer in the BatchResult, read from there.
  @SuppressWarnings("FutureReturnValueIgnored")
  private List<Object> batch(List<Call> calls) {
    ReplicaWait wait = replicaWait;
    if (wait != null && ReplicaWait.appliesToAny(calls)) {
      return wait.runAll(calls);
    }
    RBatch batch = client.createBatch(BatchOptions.defaults());
    for (Call call : calls) {
      Codec codec = repliesEntries(call) ? StoredEntryCodec.INSTANCE : ByteArrayCodec.INSTANCE;
      batch
          .getScript(codec)
          .evalShaAsync(
              call.routingKey(),
              MODE,
              call.script().sha(),
              RScript.ReturnType.MULTI,
              call.keys(),
              call.args());
    }
    BatchResult<?> result = batch.execute();
    return new ArrayList<>(result.getResponses());
  }

  static boolean isNoScript(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A script, the key Redisson routes by, KEYS and ARGV (all byte arrays: we encode ourselves), the
   * segment it touches first (-1: none or unknown) and whether it carries a write deadline. The
   * arguments are handed to Redisson as they are; a call is never compared or hashed.
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Call(
      LuaScript script,
      String routingKey,
      List<Object> keys,
      Object[] args,
      int segment,
      boolean fenced) {
    public Call(LuaScript script, String routingKey, List<Object> keys, Object[] args) {
      this(script, routingKey, keys, args, -1, false);
    }
  }
}
