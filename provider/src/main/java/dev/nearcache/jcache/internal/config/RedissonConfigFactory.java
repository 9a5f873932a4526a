package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.jcache.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import javax.cache.CacheException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SslVerificationMode;

/**
 * Turns {@link ProviderSettings} into a Redisson {@link Config}. The codec is always {@link
 * ByteArrayCodec} (the provider encodes values itself). Pools are small by default: a JVM may hold
 * several managers and start-up time matters. In sentinel and cluster mode reads go to masters, so
 * that a near cache never refills from a lagging replica.
 */
public final class RedissonConfigFactory {
  static final Duration RECONNECT_BASE = Duration.ofMillis(25);
  static final Duration RECONNECT_MAX = Duration.ofMillis(100);

  /** Pub/sub connections opened at start-up per node. */
  static final int SUBSCRIPTION_MINIMUM_IDLE = 1;

  private RedissonConfigFactory() {}

  public static Config create(ProviderSettings settings) {
    RedisSettings redis = settings.redis();
    Config config = redis.redissonConfig() != null ? fromYaml(redis) : build(redis);
    config.setCodec(ByteArrayCodec.INSTANCE);
    return config;
  }

  private static Config fromYaml(RedisSettings redis) {
    try (InputStream in = Locations.open(redis.redissonConfig())) {
      return Config.fromYAML(in);
    } catch (IOException | RuntimeException e) {
      throw new CacheException(
          SettingErrors.PREFIX
              + "setting 'redis.redisson-config' is '"
              + redis.redissonConfig()
              + "': Redisson cannot read it: "
              + e.getMessage(),
          e);
    }
  }

  private static Config build(RedisSettings redis) {
    Config config = new Config();
    if (redis.threads() > 0) {
      config.setNettyThreads(redis.threads());
    }
    switch (redis.mode()) {
      case SINGLE -> {
        SingleServerConfig single =
            config
                .useSingleServer()
                .setAddress(redis.address())
                .setDatabase(redis.database())
                .setConnectionPoolSize(redis.connectionPoolSize())
                .setConnectionMinimumIdleSize(redis.connectionMinimumIdleSize())
                .setSubscriptionConnectionPoolSize(redis.subscriptionConnectionPoolSize())
                .setSubscriptionConnectionMinimumIdleSize(
                    Math.min(SUBSCRIPTION_MINIMUM_IDLE, redis.subscriptionConnectionPoolSize()));
        common(single, redis);
      }
      case SENTINEL -> {
        SentinelServersConfig sentinel =
            config
                .useSentinelServers()
                .setMasterName(redis.masterName())
                .setDatabase(redis.database());
        sentinel.setSentinelAddresses(redis.addresses());
        pools(sentinel, redis);
        common(sentinel, redis);
      }
      case CLUSTER -> {
        ClusterServersConfig cluster = config.useClusterServers();
        cluster.setNodeAddresses(redis.addresses());
        pools(cluster, redis);
        common(cluster, redis);
      }
      default -> throw new IllegalStateException("unknown mode " + redis.mode());
    }
    return config;
  }

  private static void pools(BaseMasterSlaveServersConfig<?> servers, RedisSettings redis) {
    servers
        .setMasterConnectionPoolSize(redis.connectionPoolSize())
        .setMasterConnectionMinimumIdleSize(redis.connectionMinimumIdleSize())
        .setSlaveConnectionPoolSize(redis.connectionPoolSize())
        .setSlaveConnectionMinimumIdleSize(redis.connectionMinimumIdleSize())
        .setSubscriptionConnectionPoolSize(redis.subscriptionConnectionPoolSize())
        .setSubscriptionConnectionMinimumIdleSize(
            Math.min(SUBSCRIPTION_MINIMUM_IDLE, redis.subscriptionConnectionPoolSize()))
        .setReadMode(ReadMode.MASTER);
  }

  /**
   * Channels one pub/sub connection carries. Every cache subscribes one channel per segment, so
   * Redisson's default of 5 would exhaust the subscription pool after a few caches; one connection
   * carries thousands of channels without trouble.
   */
  static final int SUBSCRIPTIONS_PER_CONNECTION = 5000;

  private static void common(BaseConfig<?> server, RedisSettings redis) {
    server.setSubscriptionsPerConnection(SUBSCRIPTIONS_PER_CONNECTION);
    // No silent re-sends: a script whose reply timed out may already have run, and running a
    // conditional write or an entry processor's compare-version commit twice would answer the
    // caller wrongly (or apply a processor twice). A timeout is reported as a CacheException.
    server.setRetryAttempts(0);
    // Reconnect quickly after an outage: Redisson's default backs off exponentially to 10 s, so
    // even after a short restart the first command could succeed only seconds after Redis accepted
    // connections again (BENCHMARKS.md, findings 8). Attempts 50-100 ms apart cost nothing while
    // Redis is down (a refused connect) and bound the first success after it is back
    // (RecoveryTest).
    server.setReconnectionDelay(new EqualJitterDelay(RECONNECT_BASE, RECONNECT_MAX));
    server
        .setUsername(redis.username())
        .setPassword(redis.password())
        .setClientName(redis.clientName())
        .setTimeout(Math.toIntExact(redis.timeout().toMillis()))
        .setConnectTimeout(Math.toIntExact(redis.connectTimeout().toMillis()));
    TlsSettings tls = redis.tls();
    server.setSslVerificationMode(
        tls.verifyHostname() ? SslVerificationMode.STRICT : SslVerificationMode.CA_ONLY);
    if (tls.truststore() != null) {
      server.setSslTruststore(tls.truststore()).setSslTruststorePassword(tls.truststorePassword());
    }
    if (tls.keystore() != null) {
      server.setSslKeystore(tls.keystore()).setSslKeystorePassword(tls.keystorePassword());
    }
  }
}
