package dev.nearcache.jcache;

import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.config.RedisMode;
import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.jcache.internal.config.RedissonConfigFactory;
import dev.nearcache.jcache.internal.management.MBeanKind;
import dev.nearcache.jcache.internal.management.ManagementRegistry;
import dev.nearcache.jcache.internal.near.NearPath;
import dev.nearcache.jcache.internal.near.NearPathFactory;
import dev.nearcache.jcache.internal.redis.Applied;
import dev.nearcache.jcache.internal.redis.ConnectFailures;
import dev.nearcache.jcache.internal.redis.LayoutGuard;
import dev.nearcache.jcache.internal.redis.RedisConnection;
import dev.nearcache.jcache.internal.redis.RedisFailures;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.near.internal.NearClock;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.Codecs;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.serialization.ValueCopier;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * A JCache {@link CacheManager}: one node of the cluster. It owns a Redis connection of its own
 * (opened by the provider before it hands the manager out, so that wrong credentials or an
 * unreachable server fail {@code getCacheManager}, not the first cache use), the codecs, and the
 * caches this node has open. Caches are local handles onto data that lives in Redis: closing a
 * manager leaves the data; {@link #destroyCache} deletes it for every node.
 */
public final class RedisCacheManager implements CacheManager {
  /** How long an entry outlives its logical expiry in Redis, so an access can still report it. */
  static final long EXPIRED_GRACE_MILLIS = 60_000;

  private final NearCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ProviderSettings settings;

  /** codec.allow and the contributed entries the codecs are built with. */
  private final EffectiveAllowList allowList;

  private final Codec codec;
  private final KeyEncoder keyEncoder;
  private final Map<String, RedisCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final CacheLifecycleListeners lifecycleListeners = new CacheLifecycleListeners();
  private final Object lifecycle = new Object();
  private volatile RedisConnection connection;
  private volatile ExecutorService executor;
  private volatile ScheduledExecutorService scheduler;

  /** Keeps open caches on the layout in Redis (one check per second for all of them). */
  private volatile LayoutGuard layoutGuard;

  private final ValueCopier copier;

  /**
   * Keeps the near tiers' clock ticking (every 10 ms) from this manager's first near tier until it
   * closes; null before. One ticking thread serves the JVM however many managers hold it ({@link
   * NearClock}: why not a task of {@link #scheduler}).
   */
  private volatile NearClock.Ticking clockTicking;

  private volatile boolean closed;

  RedisCacheManager(
      NearCachingProvider provider,
      URI uri,
      ClassLoader classLoader,
      Properties properties,
      ProviderSettings settings) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.settings = settings;
    this.allowList = EffectiveAllowList.of(uri, settings, classLoader);
    this.codec = Codecs.create(allowList.codecSettings());
    this.keyEncoder = new KeyEncoder(allowList.codecSettings());
    this.copier = new ValueCopier(codec);
  }

  private RedisConnection connection() {
    RedisConnection c = connection;
    if (c == null) {
      synchronized (lifecycle) {
        requireOpen();
        c = connection;
        if (c == null) {
          try {
            c = new RedisConnection(RedissonConfigFactory.create(settings), settings.keyPrefix());
            c.waitForReplicas(settings.redis().waitForReplicas(), settings.redis().waitTimeout());
          } catch (CacheException e) {
            throw e;
          } catch (RuntimeException e) {
            throw ConnectFailures.translate(connectTarget(), e);
          }
          executor = Executors.newCachedThreadPool(daemonThreads("nearcache-" + uri));
          scheduler =
              Executors.newSingleThreadScheduledExecutor(daemonThreads("nearcache-timer-" + uri));
          layoutGuard = new LayoutGuard(c, scheduler, executor);
          connection = c;
        }
      }
    }
    return c;
  }

  /** Opens the Redis connection now; the provider calls it before handing the manager out. */
  void connect() {
    connection();
  }

  /** What this manager connects to, as error messages name it. */
  private ConnectFailures.Target connectTarget() {
    RedisSettings redis = settings.redis();
    if (redis.redissonConfig() != null) {
      return new ConnectFailures.Target(
          "the servers of " + redis.redissonConfig(),
          "redis.redisson-config",
          redis.connectTimeout().toMillis(),
          null,
          settings.source());
    }
    return new ConnectFailures.Target(
        String.join(", ", redis.nodeAddresses()),
        redis.mode() == RedisMode.SINGLE ? "redis.address" : "redis.addresses",
        redis.connectTimeout().toMillis(),
        redis.username(),
        settings.source());
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  /**
   * Tells {@code listener} of every cache this manager opens or closes from now on, and at once of
   * those already open (as {@link CacheLifecycleListener#opened opened}), so that nothing is missed
   * between the two. Caches that the configuration file defines are opened on their first {@code
   * getCache}.
   */
  public void addCacheLifecycleListener(CacheLifecycleListener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    synchronized (lifecycle) {
      requireOpen();
      lifecycleListeners.add(listener);
      for (RedisCache<?, ?> cache : caches.values()) {
        try {
          listener.opened(cache);
        } catch (RuntimeException e) {
          lifecycleListeners.remove(listener);
          throw e;
        }
      }
    }
  }

  /** Stops telling {@code listener}; caches it was told of stay open. */
  public void removeCacheLifecycleListener(CacheLifecycleListener listener) {
    lifecycleListeners.remove(listener);
  }

  CacheLifecycleListeners lifecycleListeners() {
    return lifecycleListeners;
  }

  /**
   * Whether Redis answers now: sends {@code PING} to every Redis node this manager's connection
   * uses (the server; in sentinel or cluster mode every primary, replica and sentinel Redisson
   * knows) and waits for each up to the command timeout ({@code redis.timeout}). False, not an
   * exception, when a node did not answer in time or cannot be reached; blocks the caller for at
   * most about that timeout. For health checks: it sends nothing but {@code PING}, which the ACL
   * rule in the configuration reference grants.
   *
   * @throws IllegalStateException when the manager is closed
   */
  public boolean ping() {
    requireOpen();
    return connection().ping(settings.redis().timeout().toMillis());
  }

  /**
   * The Redis server's clock now, in milliseconds since the epoch, as this node estimates it from
   * the server times its caches' script replies carry: never ahead of the server's clock beyond the
   * samples' 1 ms resolution, and behind it by at most the latency of the best reply of the last 10
   * to 20 s (well under a millisecond on a local network). Every node over the same Redis reads the
   * same clock, so stamps taken from it on different nodes can be compared without the nodes'
   * clocks being synchronized; the Hibernate integration stamps transactions and changes with it.
   * Usually no round trip: when no reply arrived in the last second, one {@code TIME} refreshes the
   * estimate first (if Redis does not answer, the estimate there is stands). It can step back by an
   * estimate's error when old samples age out; callers that need stamps that only grow keep the
   * largest they gave.
   *
   * @throws IllegalStateException when the manager is closed
   */
  public long serverTimeMillis() {
    requireOpen();
    return connection().serverTimeMillis();
  }

  /** The effective settings this manager was built from. */
  public ProviderSettings settings() {
    return settings;
  }

  /**
   * The classes the codec allows beyond its built-in JDK types, in the syntax of {@code
   * codec.allow}, each with where it came from: {@code codec.allow of <source>} for the
   * configuration's entries (first, in their order), else {@code contributed by <class> (<jar>)},
   * the {@link dev.nearcache.serialization.AllowedClassesContributor} that added it. {@link
   * #settings()} holds only the configured entries.
   */
  public Map<String, String> allowedClasses() {
    return allowList.origins();
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(
      String cacheName, C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    Objects.requireNonNull(configuration, "configuration must not be null");
    synchronized (lifecycle) {
      requireOpen();
      if (caches.containsKey(cacheName) || settings.caches().containsKey(cacheName)) {
        throw new CacheException(
            "Cache '" + cacheName + "' already exists in cache manager " + uri);
      }
      return open(
          cacheName,
          CreatedCacheDefaults.fill(
              RedisCacheConfiguration.from(configuration), settings.defaults()));
    }
  }

  private <K, V> RedisCache<K, V> open(String cacheName, RedisCacheConfiguration<K, V> requested) {
    RedisCacheConfiguration<Object, Object> defaults = settings.defaults();
    RedisCacheConfiguration<K, V> config = new RedisCacheConfiguration<>(requested);
    int wanted = config.getSegments() > 0 ? config.getSegments() : defaults.getSegments();
    if (config.getNearCache() == null) {
      config.setNearCache(defaults.getNearCache());
    }
    RedisConnection redis = connection();
    int segments;
    try {
      segments = redis.segmentsOf(cacheName, wanted);
    } catch (org.redisson.client.RedisException e) {
      // The metadata script only creates what is missing: running it or not changes no entry.
      throw RedisFailures.translate(
          cacheName,
          "opening the cache",
          e,
          RedisFailures.refusedByServer(e) ? Applied.NOT_APPLIED : Applied.UNKNOWN);
    }
    if (config.getSegments() > 0 && config.getSegments() != segments) {
      throw new CacheException(
          "Cache '"
              + cacheName
              + "' exists in Redis with "
              + segments
              + " segments; this configuration asks for "
              + config.getSegments()
              + ". Use the same number, or 0 for the existing one.");
    }
    config.setSegments(segments);
    NearCacheSettings nearSettings = config.getNearCache();
    // Values travel in change messages whether or not this node keeps a near tier: the others may.
    RedisStore store =
        redis.storeFor(
            cacheName,
            segments,
            EXPIRED_GRACE_MILLIS,
            nearSettings != null
                ? nearSettings.propagateValuesUpTo()
                : NearCacheSettings.DEFAULT_PROPAGATE_VALUES_UP_TO);
    NearPath[] near = {NearPath.DISABLED};
    RedisCache<K, V> cache =
        new RedisCache<>(
            this,
            cacheName,
            config,
            store,
            keyEncoder,
            codec,
            executor,
            expiryRules ->
                near[0] =
                    nearSettings != null && nearSettings.enabled()
                        ? nearPath(redis, store, nearSettings)
                        : NearPath.DISABLED,
            scheduler);
    caches.put(cacheName, cache);
    layoutGuard.watch(store, near[0]);
    if (config.isStatisticsEnabled()) {
      ManagementRegistry.register(cache.statistics(), MBeanKind.STATISTICS, uri, cacheName);
    }
    if (config.isManagementEnabled()) {
      ManagementRegistry.register(cache.mxBean(), MBeanKind.CONFIGURATION, uri, cacheName);
    }
    lifecycleListeners.opened(cache);
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(keyType, "key type must not be null");
    Objects.requireNonNull(valueType, "value type must not be null");
    Cache<K, V> cache = getCache(cacheName);
    if (cache == null) {
      return null;
    }
    RedisCacheConfiguration<?, ?> config = cache.getConfiguration(RedisCacheConfiguration.class);
    if (config.getKeyType() != keyType || config.getValueType() != valueType) {
      throw new ClassCastException(
          "Cache '"
              + cacheName
              + "' holds "
              + config.getKeyType().getName()
              + " -> "
              + config.getValueType().getName()
              + ", not "
              + keyType.getName()
              + " -> "
              + valueType.getName());
    }
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    RedisCache<?, ?> cache = caches.get(cacheName);
    if (cache == null && settings.caches().containsKey(cacheName)) {
      synchronized (lifecycle) {
        requireOpen();
        cache = caches.get(cacheName);
        if (cache == null) {
          cache =
              open(
                  cacheName,
                  (RedisCacheConfiguration<Object, Object>) settings.caches().get(cacheName));
        }
      }
    }
    return (Cache<K, V>) cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    Set<String> names = new LinkedHashSet<>(caches.keySet());
    names.addAll(settings.caches().keySet());
    return Collections.unmodifiableSet(names);
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    synchronized (lifecycle) {
      RedisCache<?, ?> cache = caches.remove(cacheName);
      if (cache == null) {
        Cache<?, ?> predefined =
            settings.caches().containsKey(cacheName) ? getCache(cacheName) : null;
        cache = (RedisCache<?, ?>) predefined;
        caches.remove(cacheName);
      }
      if (cache == null) {
        return;
      }
      unregister(cacheName);
      layoutGuard.unwatch(cache.store());
      cache.closeQuietly();
      cache.store().destroy();
      connection().deleteMeta(cacheName);
    }
  }

  /** A near tier for one cache, subscribed and reconciling before the cache is handed out. */
  private NearPath nearPath(
      RedisConnection redis, RedisStore store, NearCacheSettings nearSettings) {
    return new NearPathFactory(keyEncoder, codec, copier, scheduler)
        .create(redis, store, nearSettings, nearClock());
  }

  /** The system clock, ticking from the first call until this manager closes. */
  private NearClock nearClock() {
    synchronized (lifecycle) {
      requireOpen();
      if (clockTicking == null) {
        clockTicking = NearClock.startTicking();
      }
    }
    return NearClock.system();
  }

  private void unregister(String cacheName) {
    ManagementRegistry.unregister(MBeanKind.STATISTICS, uri, cacheName);
    ManagementRegistry.unregister(MBeanKind.CONFIGURATION, uri, cacheName);
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    RedisCache<?, ?> cache = (RedisCache<?, ?>) getCache(cacheName);
    if (cache == null) {
      return;
    }
    cache.setManagementEnabled(enabled);
    if (enabled) {
      ManagementRegistry.register(cache.mxBean(), MBeanKind.CONFIGURATION, uri, cacheName);
    } else {
      ManagementRegistry.unregister(MBeanKind.CONFIGURATION, uri, cacheName);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cache name must not be null");
    RedisCache<?, ?> cache = (RedisCache<?, ?>) getCache(cacheName);
    if (cache == null) {
      return;
    }
    cache.setStatisticsEnabled(enabled);
    if (enabled) {
      ManagementRegistry.register(cache.statistics(), MBeanKind.STATISTICS, uri, cacheName);
    } else {
      ManagementRegistry.unregister(MBeanKind.STATISTICS, uri, cacheName);
    }
  }

  /** A cache closed by its user: forget it here (its data stays in Redis). */
  void onCacheClosed(RedisCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
    if (layoutGuard != null) {
      layoutGuard.unwatch(cache.store());
    }
    unregister(cache.getName());
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    for (RedisCache<?, ?> cache : caches.values()) {
      unregister(cache.getName());
      cache.closeQuietly();
    }
    caches.clear();
    if (layoutGuard != null) {
      layoutGuard.close();
    }
    if (executor != null) {
      executor.shutdown();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    // No near tier is created after `closed` is set (nearClock() checks it under the same lock).
    if (clockTicking != null) {
      clockTicking.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("CacheManager cannot be unwrapped to " + clazz.getName());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + uri + " is closed");
    }
  }
}
