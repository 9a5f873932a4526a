package dev.nearcache.jcache.internal.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.BaseRedisNodes;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * One node's connection to the Redis tier: a Redisson client of its own, the scripts loaded, the
 * node id that tags this node's change messages, and what the server supports.
 */
public final class RedisConnection implements AutoCloseable {
  private static final long CLOCK_FRESH_NANOS = 1_000_000_000L;

  private final RedissonClient client;
  private final ServerClock clock = new ServerClock(0);
  private final ScriptExecutor executor;
  private final String nodeId;
  private final String publishCommand;
  private final String keyPrefix;

  /** Not a cluster: one server holds every slot, so one script may touch several segments. */
  private final boolean oneServer;

  /** Which of Redisson's node groups the configuration makes (for {@link #ping}). */
  private final RedisNodes<?> nodes;

  /**
   * How long after sending a write Redis may still apply it: the command timeout less a tenth (at
   * least 1 ms), so that by the time the caller hears of a timeout the deadline has passed in Redis
   * too (docs/consistency.md, "Fenced writes").
   */
  private final long writeBudgetMillis;

  /**
   * Runs pub/sub messages on the I/O thread ({@link PubSubInlineExecutor}); null when the
   * configuration brings its own executor.
   */
  private final PubSubInlineExecutor pool;

  public RedisConnection(Config config, String keyPrefix) {
    this.oneServer = !config.isClusterConfig();
    this.nodes =
        config.isClusterConfig()
            ? RedisNodes.CLUSTER
            : config.isSentinelConfig()
                ? RedisNodes.SENTINEL_MASTER_SLAVE
                : config.isSingleConfig() ? RedisNodes.SINGLE : RedisNodes.MASTER_SLAVE;
    if (config.getExecutor() == null) {
      int threads =
          config.getThreads() != 0
              ? config.getThreads()
              : 2 * Runtime.getRuntime().availableProcessors();
      pool = new PubSubInlineExecutor(threads, "nearcache-redisson");
      config = new Config(config).setExecutor(pool);
    } else {
      pool = null;
    }
    try {
      this.client = Redisson.create(config);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.shutdown();
      }
      throw e;
    }
    try {
      this.executor = new ScriptExecutor(client);
      this.nodeId = UUID.randomUUID().toString();
      this.keyPrefix = keyPrefix;
      this.publishCommand = majorVersion() >= 7 ? "SPUBLISH" : "PUBLISH";
      long timeout = ((Redisson) client).getServiceManager().getConfig().getTimeout();
      this.writeBudgetMillis = Math.max(1, timeout - timeout / 10);
      executor.loadAll();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The server's major version, from Lua's {@code redis.REDIS_VERSION_NUM} (0xMMmmpp; Redis 7 and
   * later; nil before): no INFO command, so the Redis user needs no grant for it.
   */
  private int majorVersion() {
    Long num =
        client
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_ONLY,
                "return redis.REDIS_VERSION_NUM or 0",
                RScript.ReturnType.INTEGER);
    return num == null || num == 0 ? 6 : (int) (num >> 16);
  }

  public String nodeId() {
    return nodeId;
  }

  public String publishCommand() {
    return publishCommand;
  }

  public RedissonClient client() {
    return client;
  }

  public ScriptExecutor executor() {
    return executor;
  }

  /**
   * The segment count of a cache: fixed by the first node that creates it, in its metadata key;
   * {@code wanted} is this node's choice for the case that it is the first.
   */
  public int segmentsOf(String cacheName, int wanted) {
    return segmentsIn(executor.run(metaCall(cacheName, wanted)));
  }

  /**
   * The call that reads a cache's segment count from its metadata, creating the metadata with
   * {@code wanted} if it is missing (meta.lua, atomically: the first node's count wins).
   */
  public ScriptExecutor.Call metaCall(String cacheName, int wanted) {
    String key = metaKey(cacheName);
    Object[] args = {Integer.toString(wanted).getBytes(StandardCharsets.US_ASCII)};
    return new ScriptExecutor.Call(
        LuaScript.META, key, List.of(key.getBytes(StandardCharsets.UTF_8)), args);
  }

  /** The segment count in a reply of {@link #metaCall}. */
  public static int segmentsIn(Object metaReply) {
    return ((Number) ((List<?>) metaReply).get(0)).intValue();
  }

  /** The Redis key of a cache's metadata (for messages). */
  public String metaKeyOf(String cacheName) {
    return metaKey(cacheName);
  }

  /** Forgets a destroyed cache's metadata (its entries are cleared separately). */
  public void deleteMeta(String cacheName) {
    client.getBucket(metaKey(cacheName), ByteArrayCodec.INSTANCE).delete();
  }

  private String metaKey(String cacheName) {
    return keyPrefix + "{" + SegmentLayout.escape(cacheName) + "}m";
  }

  public RedisStore storeFor(String cacheName, int segments, long graceMillis) {
    return storeFor(cacheName, segments, graceMillis, 0);
  }

  /**
   * The store of cache {@code cacheName}.
   *
   * @param propagateValuesUpTo the largest value (bytes) a write's change message carries; 0 for
   *     none
   */
  public RedisStore storeFor(
      String cacheName, int segments, long graceMillis, int propagateValuesUpTo) {
    return new RedisStore(
        executor,
        new SegmentLayout(keyPrefix, cacheName, segments),
        nodeId,
        publishCommand,
        graceMillis,
        oneServer,
        propagateValuesUpTo,
        writeBudgetMillis,
        serverNowMillis(),
        clock);
  }

  /**
   * The Redis server's clock now (ms since the epoch), estimated from the server times that every
   * cache's script replies carry ({@link ServerClock}): never ahead of the server's clock beyond
   * the samples' 1 ms resolution, behind it by at most the latency of the best reply of the last 10
   * to 20 s. When no reply arrived in the last second, one {@code TIME} round trip refreshes it
   * first; if that fails, the estimate there is stands, or this JVM's clock when there is none.
   */
  public long serverTimeMillis() {
    if (!clock.sampledWithin(CLOCK_FRESH_NANOS)) {
      try {
        clock.observe(-1, serverNowMillis());
      } catch (RuntimeException e) {
        // keep the estimate there is: a stamp must not fail because Redis is slow
      }
    }
    long now = clock.now();
    return now != 0 ? now : System.currentTimeMillis();
  }

  /**
   * Makes every write wait until {@code replicas} replicas acknowledged it, up to {@code timeout}
   * ({@code redis.wait-for-replicas}); 0 leaves writes as they are.
   */
  public void waitForReplicas(int replicas, java.time.Duration timeout) {
    if (replicas > 0) {
      executor.waitForReplicas(new ReplicaWait(client, replicas, timeout));
    }
  }

  /**
   * Sends {@code PING} to every node Redisson knows for this configuration (primaries, replicas,
   * sentinels) and waits up to {@code timeoutMillis} for each; true when every one answered. Never
   * throws for a server that cannot be reached: that is a false.
   */
  public boolean ping(long timeoutMillis) {
    try {
      BaseRedisNodes group = client.getRedisNodes(nodes);
      return group.pingAll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The server's clock (ms), read just now: seeds a store's estimate of it for write deadlines. */
  private long serverNowMillis() {
    List<?> time =
        client
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_ONLY,
                "local t = redis.call('TIME') return {tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}",
                RScript.ReturnType.MULTI);
    return ((Number) time.get(0)).longValue();
  }

  @Override
  public void close() {
    try {
      client.shutdown();
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
  }
}
