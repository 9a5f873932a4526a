package dev.nearcache.jcache.config;

import dev.nearcache.jcache.internal.config.RedisSettingsBinder;
import dev.nearcache.jcache.internal.config.SettingsTable.Redis;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to connect to Redis. When {@link #redissonConfig()} is set, Redisson's own YAML file supplies
 * the connection and the other components keep their defaults.
 *
 * @param mode single, sentinel or cluster
 * @param address the server in single mode ({@code redis://host:port}, {@code rediss://} for TLS);
 *     null in the other modes
 * @param addresses the sentinels or cluster seed nodes; empty in single mode
 * @param masterName the sentinel master's name; null in the other modes
 * @param database the database number (always 0 in cluster mode)
 * @param username the Redis 6 ACL user, or null
 * @param password the password, or null
 * @param clientName the connection name shown by CLIENT LIST, or null
 * @param timeout the command timeout
 * @param connectTimeout the connect timeout
 * @param connectionPoolSize connections per node
 * @param connectionMinimumIdleSize connections opened at start-up per node
 * @param subscriptionConnectionPoolSize pub/sub connections per node
 * @param threads Netty threads, 0 for Redisson's default
 * @param tls TLS settings (used with {@code rediss://} addresses)
 * @param redissonConfig Redisson's own YAML configuration, or null
 * @param waitForReplicas replicas every write waits for (Redis {@code WAIT}); 0 for none
 * @param waitTimeout how long a write waits for them
 * @param maxEntrySize the largest encoded key or value a cache sends, in bytes (Redis refuses a
 *     larger argument: its {@code proto-max-bulk-len}, 512 MiB by default)
 */
public record RedisSettings(
    RedisMode mode,
    String address,
    List<String> addresses,
    String masterName,
    int database,
    String username,
    String password,
    String clientName,
    Duration timeout,
    Duration connectTimeout,
    int connectionPoolSize,
    int connectionMinimumIdleSize,
    int subscriptionConnectionPoolSize,
    int threads,
    TlsSettings tls,
    URL redissonConfig,
    int waitForReplicas,
    Duration waitTimeout,
    int maxEntrySize) {

  // The defaults are declared, with their documentation, in SettingsTable.Redis.
  public static final String DEFAULT_ADDRESS = Redis.ADDRESS.defaultValue();
  public static final Duration DEFAULT_TIMEOUT = Redis.TIMEOUT.defaultValue();
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Redis.CONNECT_TIMEOUT.defaultValue();
  public static final int DEFAULT_CONNECTION_POOL_SIZE = Redis.CONNECTION_POOL_SIZE.defaultValue();
  public static final int DEFAULT_CONNECTION_MINIMUM_IDLE_SIZE =
      Redis.CONNECTION_MINIMUM_IDLE_SIZE.defaultValue();
  public static final int DEFAULT_SUBSCRIPTION_CONNECTION_POOL_SIZE =
      Redis.SUBSCRIPTION_CONNECTION_POOL_SIZE.defaultValue();
  public static final Duration DEFAULT_WAIT_TIMEOUT = Redis.WAIT_TIMEOUT.defaultValue();

  /** Redis's default {@code proto-max-bulk-len}: a larger argument is refused by the server. */
  public static final int DEFAULT_MAX_ENTRY_SIZE = Redis.MAX_ENTRY_SIZE.defaultValue();

  /** A single server on localhost:6379 with small pools. */
  public static final RedisSettings DEFAULTS =
      new RedisSettings(
          Redis.MODE.defaultValue(),
          DEFAULT_ADDRESS,
          List.of(),
          null,
          Redis.DATABASE.defaultValue(),
          null,
          null,
          null,
          DEFAULT_TIMEOUT,
          DEFAULT_CONNECT_TIMEOUT,
          DEFAULT_CONNECTION_POOL_SIZE,
          DEFAULT_CONNECTION_MINIMUM_IDLE_SIZE,
          DEFAULT_SUBSCRIPTION_CONNECTION_POOL_SIZE,
          Redis.THREADS.defaultValue(),
          TlsSettings.DEFAULTS,
          null,
          DEFAULT_MAX_ENTRY_SIZE);

  /** Writes do not wait for replicas; entries up to the default size. */
  public RedisSettings(
      RedisMode mode,
      String address,
      List<String> addresses,
      String masterName,
      int database,
      String username,
      String password,
      String clientName,
      Duration timeout,
      Duration connectTimeout,
      int connectionPoolSize,
      int connectionMinimumIdleSize,
      int subscriptionConnectionPoolSize,
      int threads,
      TlsSettings tls,
      URL redissonConfig) {
    this(
        mode,
        address,
        addresses,
        masterName,
        database,
        username,
        password,
        clientName,
        timeout,
        connectTimeout,
        connectionPoolSize,
        connectionMinimumIdleSize,
        subscriptionConnectionPoolSize,
        threads,
        tls,
        redissonConfig,
        0,
        DEFAULT_WAIT_TIMEOUT,
        DEFAULT_MAX_ENTRY_SIZE);
  }

  /** Writes do not wait for replicas. */
  public RedisSettings(
      RedisMode mode,
      String address,
      List<String> addresses,
      String masterName,
      int database,
      String username,
      String password,
      String clientName,
      Duration timeout,
      Duration connectTimeout,
      int connectionPoolSize,
      int connectionMinimumIdleSize,
      int subscriptionConnectionPoolSize,
      int threads,
      TlsSettings tls,
      URL redissonConfig,
      int maxEntrySize) {
    this(
        mode,
        address,
        addresses,
        masterName,
        database,
        username,
        password,
        clientName,
        timeout,
        connectTimeout,
        connectionPoolSize,
        connectionMinimumIdleSize,
        subscriptionConnectionPoolSize,
        threads,
        tls,
        redissonConfig,
        0,
        DEFAULT_WAIT_TIMEOUT,
        maxEntrySize);
  }

  /** These settings with writes waiting for {@code replicas} replicas up to {@code wait}. */
  public RedisSettings withWaitForReplicas(int replicas, Duration wait) {
    return new RedisSettings(
        mode,
        address,
        addresses,
        masterName,
        database,
        username,
        password,
        clientName,
        timeout(),
        connectTimeout,
        connectionPoolSize,
        connectionMinimumIdleSize,
        subscriptionConnectionPoolSize,
        threads,
        tls,
        redissonConfig,
        replicas,
        wait,
        maxEntrySize);
  }

  public RedisSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    addresses = List.copyOf(Objects.requireNonNullElse(addresses, List.of()));
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    tls = Objects.requireNonNullElse(tls, TlsSettings.DEFAULTS);
    if (maxEntrySize < 1) {
      throw new IllegalArgumentException("maxEntrySize must be positive: " + maxEntrySize);
    }
  }

  /** The address in single mode, else the sentinel or cluster addresses. */
  public List<String> nodeAddresses() {
    return mode == RedisMode.SINGLE ? (address == null ? List.of() : List.of(address)) : addresses;
  }

  /** Whether any address is {@code rediss://}. */
  public boolean usesTls() {
    return RedisSettingsBinder.anyTls(nodeAddresses());
  }

  @Override
  public String toString() {
    String waiting =
        waitForReplicas == 0
            ? ""
            : ", waitForReplicas=" + waitForReplicas + ", waitTimeout=" + waitTimeout;
    if (redissonConfig != null) {
      return "RedisSettings[redissonConfig="
          + redissonConfig
          + waiting
          + ", maxEntrySize="
          + maxEntrySize
          + "]";
    }
    return "RedisSettings[mode="
        + mode.configName()
        + (mode == RedisMode.SINGLE ? ", address=" + address : ", addresses=" + addresses)
        + (masterName == null ? "" : ", masterName=" + masterName)
        + ", database="
        + database
        + ", username="
        + username
        + ", password="
        + TlsSettings.mask(password)
        + ", clientName="
        + clientName
        + ", timeout="
        + timeout
        + ", connectTimeout="
        + connectTimeout
        + ", connectionPoolSize="
        + connectionPoolSize
        + ", connectionMinimumIdleSize="
        + connectionMinimumIdleSize
        + ", subscriptionConnectionPoolSize="
        + subscriptionConnectionPoolSize
        + ", threads="
        + threads
        + ", tls="
        + tls
        + waiting
        + ", maxEntrySize="
        + maxEntrySize
        + "]";
  }
}
