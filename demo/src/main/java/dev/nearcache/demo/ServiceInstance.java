package dev.nearcache.demo;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.near.NearCacheMetrics;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;

/**
 * One instance of the billing service: its own {@link NearCachingProvider}, so its own {@link
 * CacheManager}, Redis connections and near tier, as a second JVM would have. It holds two caches:
 * account balances (read through from the billing database) and sessions (with a time to live).
 */
final class ServiceInstance implements AutoCloseable {
  static final String BALANCES = "billing-balances";
  static final String SESSIONS = "billing-sessions";

  final String name;
  final CacheManager manager;
  final Cache<String, Long> balances;
  final Cache<String, Session> sessions;
  final BalanceLoader loader;
  private final CachingProvider provider;
  private final LongAdder reads = new LongAdder();

  private ServiceInstance(
      String name,
      CachingProvider provider,
      CacheManager manager,
      BalanceLoader loader,
      Cache<String, Long> balances,
      Cache<String, Session> sessions) {
    this.name = name;
    this.provider = provider;
    this.manager = manager;
    this.loader = loader;
    this.balances = balances;
    this.sessions = sessions;
  }

  static ServiceInstance open(String name, URI uri, Properties properties, long sessionTtlMillis) {
    CachingProvider provider = new NearCachingProvider();
    try {
      CacheManager manager =
          provider.getCacheManager(uri, ServiceInstance.class.getClassLoader(), properties);
      BalanceLoader loader = new BalanceLoader(AccountDatabase.URL);
      MutableConfiguration<String, Long> balanceConfig =
          new MutableConfiguration<String, Long>()
              .setTypes(String.class, Long.class)
              .setStatisticsEnabled(true) // the table below counts near and Redis hits
              .setReadThrough(true)
              .setCacheLoaderFactory(FactoryBuilder.factoryOf(loader));
      MutableConfiguration<String, Session> sessionConfig =
          new MutableConfiguration<String, Session>()
              .setTypes(String.class, Session.class)
              .setStatisticsEnabled(true)
              .setExpiryPolicyFactory(
                  CreatedExpiryPolicy.factoryOf(
                      new Duration(TimeUnit.MILLISECONDS, sessionTtlMillis)));
      Cache<String, Long> balances = cacheOn(manager, BALANCES, balanceConfig, Long.class);
      Cache<String, Session> sessions = cacheOn(manager, SESSIONS, sessionConfig, Session.class);
      return new ServiceInstance(name, provider, manager, loader, balances, sessions);
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  private static <V> Cache<String, V> cacheOn(
      CacheManager manager,
      String cacheName,
      MutableConfiguration<String, V> config,
      Class<V> valueType) {
    Cache<String, V> cache = manager.getCache(cacheName, String.class, valueType);
    if (cache != null) {
      return cache;
    }
    try {
      return manager.createCache(cacheName, config);
    } catch (CacheException createdMeanwhile) {
      cache = manager.getCache(cacheName, String.class, valueType);
      if (cache == null) {
        throw createdMeanwhile;
      }
      return cache;
    }
  }

  /** The balance of an account, in cents: near tier, else Redis, else the database. */
  Long balance(String accountId) {
    reads.increment();
    return balances.get(accountId);
  }

  Session session(String sessionId) {
    reads.increment();
    return sessions.get(sessionId);
  }

  long reads() {
    return reads.sum();
  }

  /** The near tiers' counters of both caches. */
  List<NearCacheMetrics> metrics() {
    return List.of(metricsOf(balances), metricsOf(sessions));
  }

  NearCacheMetrics balanceMetrics() {
    return metricsOf(balances);
  }

  private static NearCacheMetrics metricsOf(Cache<?, ?> cache) {
    NearCacheMetrics metrics = cache.unwrap(RedisCache.class).nearCacheMetrics();
    if (metrics == null) {
      throw new IllegalStateException("cache " + cache.getName() + " has no near tier");
    }
    return metrics;
  }

  /** Closes the manager (its caches, loader pool, Redis connections). */
  @Override
  public void close() {
    provider.close();
  }
}
