package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.config.RedisMode;
import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.jcache.config.TlsSettings;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.serialization.CodecSettings;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of the configuration file, in one place: name, kind, default, bounds and the line
 * that documents it. The binders take their keys, bounds and defaults from here, {@link
 * EffectiveProperties} writes every setting listed here, and ConfigurationReferenceTest fails when
 * the tables of docs/configuration.md say anything else.
 *
 * <p>Where another module owns a default (the near tier's, the codec's name) the table reads it
 * from there rather than repeating it.
 *
 * <p>The nested classes never read this class's fields: {@link #GROUPS} reads theirs, and a cycle
 * would let it see them half-initialized.
 */
public final class SettingsTable {
  private SettingsTable() {}

  /**
   * {@code redis.*}: how to connect. The defaults {@code RedisSettings} and {@code TlsSettings}
   * take from here are public.
   */
  public static final class Redis {
    private Redis() {}

    private static final Duration MILLISECOND = Duration.ofMillis(1);

    /** Redisson holds timeouts as int milliseconds. */
    private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private static final int MAX_POOL_SIZE = 10_000;

    public static final Setting<RedisSettings, RedisMode> MODE =
        Setting.choice("mode", modes(), RedisSettings::mode)
            .byDefault(RedisMode.SINGLE)
            .asConnection()
            .doc("`single`, `sentinel` or `cluster`");
    public static final Setting<RedisSettings, String> ADDRESS =
        Setting.text("address", RedisSettings::address)
            .byDefault("redis://127.0.0.1:6379")
            .asConnection()
            .doc("single server; `rediss://` means TLS");
    static final Setting<RedisSettings, List<String>> ADDRESSES =
        Setting.list("addresses", RedisSettings::addresses)
            .asConnection()
            .doc("sentinel or cluster seed nodes (list)");
    static final Setting<RedisSettings, String> MASTER_NAME =
        Setting.text("master-name", RedisSettings::masterName)
            .asConnection()
            .doc("sentinel master (required in sentinel mode)");
    public static final Setting<RedisSettings, Integer> DATABASE =
        Setting.integer("database", RedisSettings::database)
            .byDefault(0)
            .between(0, 65535)
            .asConnection()
            .doc("must be 0 in cluster mode");
    static final Setting<RedisSettings, String> USERNAME =
        Setting.text("username", RedisSettings::username).asConnection().doc("Redis 6+ ACL user");
    static final Setting<RedisSettings, String> PASSWORD =
        Setting.text("password", RedisSettings::password)
            .asConnection()
            .doc("password (ACL user's, or `requirepass`)");
    static final Setting<RedisSettings, String> CLIENT_NAME =
        Setting.text("client-name", RedisSettings::clientName)
            .asConnection()
            .doc("`CLIENT SETNAME` on every connection");
    public static final Setting<RedisSettings, Duration> TIMEOUT =
        Setting.duration("timeout", RedisSettings::timeout)
            .byDefault(Duration.ofSeconds(3))
            .between(MILLISECOND, MAX_TIMEOUT)
            .asConnection()
            .doc(
                "command timeout; a write carries a deadline of nine tenths of it, after which Redis refuses to"
                    + " apply it (fenced writes, see the consistency model)");
    public static final Setting<RedisSettings, Duration> CONNECT_TIMEOUT =
        Setting.duration("connect-timeout", RedisSettings::connectTimeout)
            .byDefault(Duration.ofSeconds(10))
            .between(MILLISECOND, MAX_TIMEOUT)
            .asConnection()
            .doc("how long opening a connection may take");
    public static final Setting<RedisSettings, Integer> CONNECTION_POOL_SIZE =
        Setting.integer("connection-pool-size", RedisSettings::connectionPoolSize)
            .byDefault(16)
            .between(1, MAX_POOL_SIZE)
            .asConnection()
            .doc("command connections per node");

    /** At most connection-pool-size, which the binder checks (and lowers the default to). */
    public static final Setting<RedisSettings, Integer> CONNECTION_MINIMUM_IDLE_SIZE =
        Setting.integer("connection-minimum-idle-size", RedisSettings::connectionMinimumIdleSize)
            .byDefault(2)
            .between(0, MAX_POOL_SIZE)
            .asConnection()
            .doc(
                "command connections opened at start-up and kept per node (at most `connection-pool-size`)");

    public static final Setting<RedisSettings, Integer> SUBSCRIPTION_CONNECTION_POOL_SIZE =
        Setting.integer(
                "subscription-connection-pool-size", RedisSettings::subscriptionConnectionPoolSize)
            .byDefault(8)
            .between(1, MAX_POOL_SIZE)
            .asConnection()
            .doc("pub/sub connections per node (each carries up to 5000 channels)");
    public static final Setting<RedisSettings, Integer> THREADS =
        Setting.integer("threads", RedisSettings::threads)
            .byDefault(0)
            .between(0, 1024)
            .asConnection()
            .doc("Netty threads; 0 = Redisson's default");
    static final Setting<RedisSettings, URL> TLS_TRUSTSTORE =
        Setting.location("tls.truststore", tls(TlsSettings::truststore))
            .asConnection()
            .doc("path or `file:`/`classpath:` URI of a PKCS12/JKS trust store");
    static final Setting<RedisSettings, String> TLS_TRUSTSTORE_PASSWORD =
        Setting.text("tls.truststore-password", tls(TlsSettings::truststorePassword))
            .asConnection()
            .doc("the trust store's password");
    static final Setting<RedisSettings, URL> TLS_KEYSTORE =
        Setting.location("tls.keystore", tls(TlsSettings::keystore))
            .asConnection()
            .doc("client certificate (mutual TLS)");
    static final Setting<RedisSettings, String> TLS_KEYSTORE_PASSWORD =
        Setting.text("tls.keystore-password", tls(TlsSettings::keystorePassword))
            .asConnection()
            .doc("the key store's password");
    public static final Setting<RedisSettings, Boolean> TLS_VERIFY_HOSTNAME =
        Setting.bool("tls.verify-hostname", tls(TlsSettings::verifyHostname))
            .byDefault(true)
            .asConnection()
            .doc("verify the server certificate's host name");
    static final Setting<RedisSettings, URL> REDISSON_CONFIG =
        Setting.location("redisson-config", RedisSettings::redissonConfig)
            .doc(
                "a Redisson YAML file used instead of every connection setting above (for anything Redisson"
                    + " supports that is not listed here); the codec is always replaced by raw bytes");
    static final Setting<RedisSettings, Integer> WAIT_FOR_REPLICAS =
        Setting.integer("wait-for-replicas", RedisSettings::waitForReplicas)
            .byDefault(0)
            .between(0, 1_000)
            .doc(
                "every write waits until this many replicas acknowledged it (Redis `WAIT`); 0 = off. Fewer in"
                    + " time: the write fails with a `CacheException` saying it was applied on the master but only k of"
                    + " n replicas confirmed it. Reads never wait. Costs a replication round trip per write"
                    + " ([failover](consistency.md#failover)). Also allowed with `redisson-config`");
    public static final Setting<RedisSettings, Duration> WAIT_TIMEOUT =
        Setting.duration(
                "wait-timeout",
                (RedisSettings r) -> r.waitForReplicas() == 0 ? null : r.waitTimeout())
            .byDefault(Duration.ofSeconds(1))
            .between(MILLISECOND, MAX_TIMEOUT)
            .doc("how long a write waits for those replicas; only with `wait-for-replicas` ≥ 1");

    /**
     * Redis's default proto-max-bulk-len by default; at most the largest byte array the JVMs in use
     * allocate.
     */
    public static final Setting<RedisSettings, Integer> MAX_ENTRY_SIZE =
        Setting.size("max-entry-size", RedisSettings::maxEntrySize)
            .byDefault(512 << 20)
            .between(1, Integer.MAX_VALUE - 8)
            .doc(
                "the largest encoded key or value a cache sends (bytes, or `KiB`/`MiB`/`GiB`); a larger one"
                    + " fails at once, before it is sent. The default is Redis's own `proto-max-bulk-len`; allowed with"
                    + " `redisson-config` too");

    static final SettingGroup<RedisSettings> GROUP =
        new SettingGroup<>(
            "Redis connection",
            null,
            List.of("redis"),
            List.of(
                MODE,
                ADDRESS,
                ADDRESSES,
                MASTER_NAME,
                DATABASE,
                USERNAME,
                PASSWORD,
                CLIENT_NAME,
                TIMEOUT,
                CONNECT_TIMEOUT,
                CONNECTION_POOL_SIZE,
                CONNECTION_MINIMUM_IDLE_SIZE,
                SUBSCRIPTION_CONNECTION_POOL_SIZE,
                THREADS,
                TLS_TRUSTSTORE,
                TLS_TRUSTSTORE_PASSWORD,
                TLS_KEYSTORE,
                TLS_KEYSTORE_PASSWORD,
                TLS_VERIFY_HOSTNAME,
                REDISSON_CONFIG,
                WAIT_FOR_REPLICAS,
                WAIT_TIMEOUT,
                MAX_ENTRY_SIZE));

    /** TLS settings apply, and are written back, only when an address is rediss://. */
    private static <T> Function<RedisSettings, T> tls(Function<TlsSettings, T> read) {
      return redis -> redis.usesTls() ? read.apply(redis.tls()) : null;
    }

    private static Map<String, RedisMode> modes() {
      Map<String, RedisMode> modes = new LinkedHashMap<>();
      for (RedisMode mode : RedisMode.values()) {
        modes.put(mode.configName(), mode);
      }
      return modes;
    }
  }

  /** {@code key-prefix} and {@code codec.*}. */
  static final class Codec {
    private Codec() {}

    static final Setting<String, String> KEY_PREFIX =
        Setting.text("key-prefix", (String prefix) -> prefix)
            .byDefault("nc:")
            .doc("prefix of every Redis key this provider writes (non-empty, no `{` or `}`)");
    static final Setting<CodecSettings, String> NAME =
        Setting.text("codec.name", CodecSettings::name)
            .byDefault(CodecSettings.DEFAULT_CODEC)
            .doc("codec (others plug in through `dev.nearcache.serialization.CodecFactory`)");
    static final Setting<CodecSettings, List<String>> ALLOW =
        Setting.list("codec.allow", CodecSettings::allowedClasses)
            .doc(
                "classes that may be stored beyond the built-in JDK value types: `com.example.Order`,"
                    + " `com.example.model.*` (one package), `com.example.**` (and sub-packages). Nothing else is ever"
                    + " instantiated when reading.");
    static final Setting<CodecSettings, List<String>> REGISTER =
        Setting.list("codec.register", CodecSettings::registeredClasses)
            .doc(
                "classes registered with Kryo in this order (smaller payloads); every node sharing a cache needs"
                    + " the same list");

    static final SettingGroup<String> KEY_PREFIX_GROUP =
        new SettingGroup<>("Keys and codec", null, List.of(""), List.of(KEY_PREFIX));
    static final SettingGroup<CodecSettings> GROUP =
        new SettingGroup<>("Keys and codec", null, List.of(""), List.of(NAME, ALLOW, REGISTER));
  }

  /** {@code defaults.*} and {@code caches.<name>.*}. */
  static final class PerCache {
    private PerCache() {}

    private static final Duration MILLISECOND = Duration.ofMillis(1);
    private static final NearCacheSettings NEAR = NearCacheSettings.DEFAULTS;

    static final Setting<CacheDefinition, Class<?>> KEY_TYPE =
        Setting.<CacheDefinition, Class<?>>className("key-type", CacheDefinition::keyType)
            .byDefault(Object.class)
            .doc(
                "the cache's key type, checked on every call: a key of another class is a `ClassCastException`"
                    + " and nothing is stored (as with `MutableConfiguration.setTypes`); `Object` checks nothing");
    static final Setting<CacheDefinition, Class<?>> VALUE_TYPE =
        Setting.<CacheDefinition, Class<?>>className("value-type", CacheDefinition::valueType)
            .byDefault(Object.class)
            .doc("the cache's value type, checked as the key type is");
    static final Setting<CacheDefinition, Boolean> READ_THROUGH =
        Setting.bool("read-through", CacheDefinition::readThrough)
            .byDefault(false)
            .doc("a miss is loaded by the `loader`, which must be set");
    static final Setting<CacheDefinition, Boolean> WRITE_THROUGH =
        Setting.bool("write-through", CacheDefinition::writeThrough)
            .byDefault(false)
            .doc("every write is passed to the `writer`, which must be set");
    static final Setting<CacheDefinition, String> LOADER =
        Setting.<CacheDefinition, String>className("loader", CacheDefinition::loader)
            .doc("a `CacheLoader` class (or a `Factory` of one) with a no-argument constructor");
    static final Setting<CacheDefinition, String> WRITER =
        Setting.<CacheDefinition, String>className("writer", CacheDefinition::writer)
            .doc("a `CacheWriter` class (or a `Factory` of one) with a no-argument constructor");

    static final Setting<CacheSettings, Integer> SEGMENTS =
        Setting.integer("segments", CacheSettings::segments)
            .byDefault(16)
            .between(1, 16384)
            .doc(
                "segments the cache is split into ({min}–{max}); fixed by the first node that creates the cache");
    static final Setting<CacheSettings, Boolean> STATISTICS =
        Setting.bool("statistics", CacheSettings::statistics)
            .byDefault(false)
            .doc(
                "CacheStatisticsMXBean, and the near tier's read counters (near/Redis hits and misses in"
                    + " `RedisCache#nearCacheMetrics()`); off, a near hit makes no atomic increment (about a third of its"
                    + " cost). Invalidations, gaps, clears, lost races and the invalidation-delay histogram are always"
                    + " counted");
    static final Setting<CacheSettings, Boolean> MANAGEMENT =
        Setting.bool("management", CacheSettings::management).byDefault(false).doc("CacheMXBean");
    static final Setting<CacheSettings, Boolean> STORE_BY_VALUE =
        Setting.bool("store-by-value", CacheSettings::storeByValue)
            .byDefault(true)
            .doc("entries always live in Redis as bytes; callers never share mutable objects");
    static final Setting<CacheSettings, ExpirySettings.Policy> EXPIRY_POLICY =
        Setting.choice(
                "expiry.policy",
                ExpirySettings.Policy.BY_NAME,
                (CacheSettings s) -> s.expiry().policy())
            .byDefault(ExpirySettings.Policy.ETERNAL)
            .doc("`eternal`, `created`, `accessed`, `modified`, `touched`");
    static final Setting<CacheSettings, Duration> EXPIRY_DURATION =
        Setting.duration("expiry.duration", (CacheSettings s) -> s.expiry().duration())
            .atLeast(MILLISECOND)
            .doc("how long an entry lives, e.g. `10m`; required unless the policy is `eternal`");
    static final Setting<CacheSettings, Boolean> NEAR_ENABLED =
        Setting.bool("near-cache.enabled", (CacheSettings s) -> s.nearCache().enabled())
            .byDefault(NEAR.enabled())
            .doc("the near tier in this JVM");
    static final Setting<CacheSettings, Long> NEAR_MAXIMUM_SIZE =
        Setting.longValue(
                "near-cache.maximum-size", (CacheSettings s) -> s.nearCache().maximumSize())
            .byDefault(NEAR.maximumSize())
            .between(0L, Long.MAX_VALUE)
            .doc("entries held locally (Caffeine's size-based eviction)");
    static final Setting<CacheSettings, Duration> NEAR_MAXIMUM_LOCAL_LIFETIME =
        Setting.duration(
                "near-cache.maximum-local-lifetime",
                (CacheSettings s) -> s.nearCache().maximumLocalLifetime())
            .byDefault(NEAR.maximumLocalLifetime())
            .atLeast(Duration.ZERO)
            .doc(
                "no entry is served locally longer after it was read or written (last guard against staleness;"
                    + " checked against a 10 ms-step clock); `0` disables the cap");
    static final Setting<CacheSettings, Duration> NEAR_RECONCILIATION_INTERVAL =
        Setting.duration(
                "near-cache.reconciliation-interval",
                (CacheSettings s) -> s.nearCache().reconciliationInterval())
            .byDefault(NEAR.reconciliationInterval())
            .atLeast(MILLISECOND)
            .doc(
                "how often every segment's sequence number is compared with what messages brought: the staleness"
                    + " bound under faults is this + one round trip while Redis answers");

    /**
     * Longer than the interval, which the binder checks; follows an interval set in the same
     * section.
     */
    static final Setting<CacheSettings, Duration> NEAR_LEASE =
        Setting.duration("near-cache.lease", (CacheSettings s) -> s.nearCache().lease())
            .derivedDefault(NEAR.lease(), "twice the interval")
            .atLeast(MILLISECOND)
            .doc(
                "a segment serves near entries only while a reconciliation that found nothing missing was sent"
                    + " less than this long ago; the staleness bound when connections stall without error (partition,"
                    + " hung proxy) is this + 10 ms, whatever `redis.timeout` is. Must be longer than the interval; a"
                    + " lease not set in a section that sets the interval follows it (twice it), else it is inherited");

    /**
     * Pub/sub messages are copied to every subscriber: larger values are re-read, not broadcast.
     */
    static final Setting<CacheSettings, Integer> NEAR_PROPAGATE_VALUES_UP_TO =
        Setting.integer(
                "near-cache.propagate-values-up-to",
                (CacheSettings s) -> s.nearCache().propagateValuesUpTo())
            .byDefault(NEAR.propagateValuesUpTo())
            .between(0, 1 << 20)
            .doc(
                "bytes; a write of a value at most this large (encoded) carries it in its change message, and the"
                    + " other nodes that hold the key replace their copy instead of dropping it, so their next read is a"
                    + " near hit; `0` = messages only invalidate. Larger values are re-read by whoever reads them next (a"
                    + " message is copied to every subscribed node). Applies to single-key writes (`put`, `getAndPut`,"
                    + " `putIfAbsent`, `replace(key, value)`, an entry processor's commit); `putAll` and"
                    + " `replace(key, old, new)` only invalidate. Set by the writing node, whether or not it has a near"
                    + " tier itself; at most {max} bytes");

    /** What {@code defaults} and every cache may set. */
    static final SettingGroup<CacheSettings> EVERY_CACHE =
        new SettingGroup<>(
            "Per-cache settings",
            null,
            List.of("defaults", "caches.<name>"),
            List.of(
                SEGMENTS,
                STATISTICS,
                MANAGEMENT,
                STORE_BY_VALUE,
                EXPIRY_POLICY,
                EXPIRY_DURATION,
                NEAR_ENABLED,
                NEAR_MAXIMUM_SIZE,
                NEAR_MAXIMUM_LOCAL_LIFETIME,
                NEAR_RECONCILIATION_INTERVAL,
                NEAR_LEASE,
                NEAR_PROPAGATE_VALUES_UP_TO));

    /** What only a cache defined up front may set: its types and its loader and writer. */
    static final SettingGroup<CacheDefinition> CACHES_ONLY =
        new SettingGroup<>(
            "Per-cache settings",
            "caches only",
            List.of("caches.<name>"),
            List.of(KEY_TYPE, VALUE_TYPE, READ_THROUGH, WRITE_THROUGH, LOADER, WRITER));
  }

  /** Every group, in the order of the configuration reference. */
  static final List<SettingGroup<?>> GROUPS =
      List.of(
          Redis.GROUP,
          Codec.KEY_PREFIX_GROUP,
          Codec.GROUP,
          PerCache.EVERY_CACHE,
          PerCache.CACHES_ONLY);

  /** The top-level keys of a file: redis, key-prefix, codec, defaults, caches. */
  static final List<String> ROOTS = roots();

  /**
   * The keys of a section under {@code caches}: a cache's own settings, then those it shares with
   * defaults.
   */
  static final List<String> CACHE_KEYS =
      concat(PerCache.CACHES_ONLY.keysUnder(""), PerCache.EVERY_CACHE.keysUnder(""));

  private static List<String> roots() {
    LinkedHashSet<String> roots = new LinkedHashSet<>();
    for (SettingGroup<?> group : GROUPS) {
      roots.addAll(group.roots());
    }
    return List.copyOf(roots);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
