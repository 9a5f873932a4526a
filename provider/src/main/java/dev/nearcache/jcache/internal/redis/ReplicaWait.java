package dev.nearcache.jcache.internal.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.cache.CacheException;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Opt-in ({@code redis.wait-for-replicas}): every mutating script call waits until that many
 * replicas acknowledged it, so that a failover right after the write does not lose it as
 * asynchronous replication otherwise can. The call goes out as a Redisson batch with {@link
 * BatchOptions#sync(int, Duration)}, which appends {@code WAIT n timeout} on the same connection as
 * the script (WAIT counts the replicas that reached that connection's last write).
 *
 * <p>Redisson reports one number per batch, the sum of the WAIT replies of every master it went to,
 * so calls are grouped by routing key (one segment: one slot, one master) and each group is its own
 * batch, sent together. A group with fewer acknowledgements than asked for fails the call with a
 * {@link CacheException} saying the write WAS applied on the master: WAIT cannot undo it.
 *
 * <p>A call counts as mutating when it carries a write deadline ({@link
 * ScriptExecutor.Call#fenced()}): every write script does, no read does.
 */
public final class ReplicaWait {
  private final RedissonClient client;
  private final int replicas;
  private final Duration timeout;

  /**
   * @param timeout how long WAIT waits for the acknowledgements
   */
  public ReplicaWait(RedissonClient client, int replicas, Duration timeout) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
    }
    this.client = client;
    this.replicas = replicas;
    this.timeout = timeout;
  }

  public int replicas() {
    return replicas;
  }

  /** Whether {@code call} must wait for replicas. */
  static boolean appliesTo(ScriptExecutor.Call call) {
    return call.fenced();
  }

  /** Whether any of {@code calls} must wait for replicas. */
  static boolean appliesToAny(List<ScriptExecutor.Call> calls) {
    for (ScriptExecutor.Call call : calls) {
      if (appliesTo(call)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the calls (answers in call order), one batch per routing key, each followed by WAIT. A
   * NOSCRIPT failure propagates as the {@link RedisException} it is, for the caller to load and
   * retry (a batch that failed NOSCRIPT applied nothing of that script).
   */
  // A batched command's future only mirrors its answer in the BatchResult, read from there.
  @SuppressWarnings("FutureReturnValueIgnored")
  List<Object> runAll(List<ScriptExecutor.Call> calls) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      groups.computeIfAbsent(calls.get(i).routingKey(), k -> new ArrayList<>()).add(i);
    }
    List<CompletableFuture<BatchResult<?>>> sent = new ArrayList<>(groups.size());
    for (List<Integer> group : groups.values()) {
      // Redisson adds the WAIT timeout to the batch's response timeout: waiting is not mistaken for
      // a write Redis did not answer.
      RBatch batch = client.createBatch(BatchOptions.defaults().sync(replicas, timeout));
      for (int i : group) {
        ScriptExecutor.Call call = calls.get(i);
        batch
            .getScript(
                ScriptExecutor.repliesEntries(call)
                    ? StoredEntryCodec.INSTANCE
                    : ByteArrayCodec.INSTANCE)
            .evalShaAsync(
                call.routingKey(),
                RScript.Mode.READ_WRITE,
                call.script().sha(),
                RScript.ReturnType.MULTI,
                call.keys(),
                call.args());
      }
      sent.add(batch.executeAsync().toCompletableFuture());
    }
    Object[] replies = new Object[calls.size()];
    int g = 0;
    for (List<Integer> group : groups.values()) {
      BatchResult<?> result = join(sent.get(g++));
      List<?> responses = result.getResponses();
      for (int j = 0; j < group.size(); j++) {
        replies[group.get(j)] = responses.get(j);
      }
      int confirmed = result.getSyncedSlaves();
      if (confirmed < replicas && appliesToAny(group.stream().map(calls::get).toList())) {
        throw tooFew(calls.get(group.get(0)).routingKey(), confirmed);
      }
    }
    return new ArrayList<>(Arrays.asList(replies));
  }

  private static BatchResult<?> join(CompletableFuture<BatchResult<?>> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private CacheException tooFew(String routingKey, int confirmed) {
    return new CacheException(
        "Cache '"
            + cacheNameOf(routingKey)
            + "': the write WAS applied on the master, but only "
            + confirmed
            + " of "
            + replicas
            + " replicas confirmed it within "
            + timeout.toMillis()
            + " ms (redis.wait-for-replicas, redis.wait-timeout); a failover before the replicas catch up would lose it");
  }

  /** The cache name inside a segment's routing key ({@code <prefix>{<escaped name>#<segment>}}). */
  static String cacheNameOf(String routingKey) {
    int open = routingKey.indexOf('{');
    int hash = routingKey.lastIndexOf('#');
    if (open < 0 || hash <= open) {
      return routingKey;
    }
    return routingKey
        .substring(open + 1, hash)
        .replace("%7B", "{")
        .replace("%7D", "}")
        .replace("%23", "#")
        .replace("%25", "%");
  }
}
