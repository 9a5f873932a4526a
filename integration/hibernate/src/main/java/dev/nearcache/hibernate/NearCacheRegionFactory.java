package dev.nearcache.hibernate;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.jcache.RedisCacheManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Hibernate's second-level cache over nearcache: {@code hibernate-jcache}'s region factory with
 * nearcache's provider found by name, selected with {@code
 * hibernate.cache.region.factory_class=nearcache} (or this class's name). Compared with {@code
 * jcache} and the provider named in {@code hibernate.javax.cache.provider}:
 *
 * <ul>
 *   <li>the provider is nearcache's, found by its class name: no {@code
 *       hibernate.javax.cache.provider}, and no "Multiple CachingProviders" when Redisson's own
 *       provider is on the class path too;
 *   <li>{@code hibernate.javax.cache.uri} may be any URI the provider reads ({@code
 *       classpath:nearcache.yaml}, {@code file:}, a name such as {@code urn:orders}); a bare
 *       resource name is still looked up as {@code hibernate-jcache} does; without the setting the
 *       provider's default URI applies ({@code nearcache.config}, {@code NEARCACHE_CONFIG}, then
 *       {@code nearcache.yaml} on the class path);
 *   <li>a region the file does not define is created on demand, without a warning, with the
 *       settings of the cache named by the first pattern of {@value #REGION_TEMPLATES} that the
 *       region's name matches, else with the file's {@code defaults} ({@code createCache(name, new
 *       MutableConfiguration<>())}); {@code hibernate.javax.cache.missing_cache_strategy=fail} is
 *       still honoured;
 *   <li>settings {@value #PROPERTIES_PREFIX}{@code <setting>} are handed to {@code getCacheManager}
 *       as its {@code Properties}, overriding the file's settings (e.g. {@code
 *       nearcache.hibernate.properties.redis.address}).
 * </ul>
 *
 * <p>A cache manager is shared by everything in the JVM that asks for the same URI and class
 * loader. Session factories using this region factory over one cache manager share it: the last of
 * them to close closes it.
 */
public class NearCacheRegionFactory extends JCacheRegionFactory {
  private static final long serialVersionUID = 1L;

  /** The short name registered for {@code hibernate.cache.region.factory_class}. */
  public static final String SHORT_NAME = "nearcache";

  /**
   * Comma-separated {@code region-name-pattern=cache-name} pairs; {@code *} in a pattern stands for
   * any characters. A region created on demand whose name matches a pattern takes the settings of
   * that cache, which the configuration file defines under {@code caches}.
   */
  public static final String REGION_TEMPLATES = "nearcache.hibernate.region-templates";

  /** Prefix of settings handed to the cache manager as {@code Properties}, prefix removed. */
  public static final String PROPERTIES_PREFIX = "nearcache.hibernate.properties.";

  /**
   * Whether session factories close a cache manager handed in through {@code
   * hibernate.javax.cache.cache_manager}, and their regions' caches in it: {@code true} (the
   * default) as {@code hibernate-jcache} does; {@code false} when the manager belongs to the
   * application, which closes it itself (the Spring Boot starter hands its manager in so). Applies
   * only to a manager handed in: one this region factory opens is closed by the last session
   * factory using it.
   */
  public static final String CLOSE_CACHE_MANAGER = "nearcache.hibernate.close-cache-manager";

  private static final String MISSING_CACHE_FAIL = "fail";

  private transient volatile RegionTemplates regionTemplates = RegionTemplates.parse(null);
  private transient volatile boolean failOnMissingCache;
  private final transient RedisClockTimestamps timestamps = new RedisClockTimestamps();
  private transient volatile boolean managerClosedByApplication;

  @Override
  protected void prepareForUse(SessionFactoryOptions settings, Map<String, Object> configValues) {
    try {
      regionTemplates = RegionTemplates.parse(string(configValues, REGION_TEMPLATES));
      String missing = string(configValues, ConfigSettings.MISSING_CACHE_STRATEGY);
      failOnMissingCache = missing != null && MISSING_CACHE_FAIL.equalsIgnoreCase(missing.trim());
      String close = string(configValues, CLOSE_CACHE_MANAGER);
      managerClosedByApplication =
          configValues.get(ConfigSettings.CACHE_MANAGER) != null
              && close != null
              && "false".equalsIgnoreCase(close.trim());
      super.prepareForUse(settings, configValues);
      checkTemplatesAreDefined();
      if (!managerClosedByApplication) {
        SharedCaches.acquire(getCacheManager());
      }
      timestamps.use(getCacheManager());
    } catch (RuntimeException e) {
      // Hibernate does not stop a region factory whose start failed: close what was opened,
      // unless another session factory of this JVM uses it, or the application closes it.
      CacheManager manager = getCacheManager();
      if (manager != null && !managerClosedByApplication && !SharedCaches.inUse(manager)) {
        manager.close();
      }
      throw e;
    }
  }

  /**
   * Closes the cache manager when no other session factory of this JVM uses it through this region
   * factory: {@code hibernate-jcache} closes it whenever a session factory closes, which would
   * break another session factory still open over the same URI and class loader.
   */
  @Override
  protected void releaseFromUse() {
    if (managerClosedByApplication) {
      // The application's manager, and its caches, stay open until the application closes it.
      return;
    }
    CacheManager manager = getCacheManager();
    if (manager == null || SharedCaches.release(manager)) {
      super.releaseFromUse();
    }
  }

  /**
   * Regions of entities, collections and natural ids whose access strategies are atomic across JVMs
   * ({@link NearCacheDomainDataRegion}).
   */
  @Override
  public DomainDataRegion buildDomainDataRegion(
      DomainDataRegionConfig regionConfig, DomainDataRegionBuildingContext buildingContext) {
    return new NearCacheDomainDataRegion(
        regionConfig,
        this,
        createDomainDataStorageAccess(regionConfig, buildingContext),
        getImplicitCacheKeysFactory(),
        buildingContext);
  }

  @Override
  protected RegionStorage createDomainDataStorageAccess(
      DomainDataRegionConfig regionConfig, DomainDataRegionBuildingContext buildingContext) {
    return storage(regionConfig.getRegionName(), buildingContext.getSessionFactory());
  }

  @Override
  protected StorageAccess createQueryResultsRegionStorageAccess(
      String regionName, SessionFactoryImplementor sessionFactory) {
    return storage(
        defaultRegionName(
            regionName,
            sessionFactory,
            DEFAULT_QUERY_RESULTS_REGION_UNQUALIFIED_NAME,
            LEGACY_QUERY_RESULTS_REGION_UNQUALIFIED_NAMES),
        sessionFactory);
  }

  @Override
  protected StorageAccess createTimestampsRegionStorageAccess(
      String regionName, SessionFactoryImplementor sessionFactory) {
    return storage(
        defaultRegionName(
            regionName,
            sessionFactory,
            DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME,
            LEGACY_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAMES),
        sessionFactory);
  }

  /**
   * A region's cache as Hibernate's storage, closed by the last session factory of this JVM that
   * uses it ({@link SharedCaches}), or left open for the application that owns the cache manager.
   */
  private RegionStorage storage(
      String unqualifiedRegionName, SessionFactoryImplementor sessionFactory) {
    Cache<Object, Object> cache = getOrCreateCache(unqualifiedRegionName, sessionFactory);
    if (managerClosedByApplication) {
      return new RegionStorage(cache, false);
    }
    SharedCaches.acquire(cache);
    return new RegionStorage(cache, true);
  }

  /**
   * Hibernate's timestamps (transactions, soft locks, invalidations, the query cache's update
   * times), from the Redis server's clock: nodes compare each other's stamps, and Redis's clock is
   * one clock for all of them ({@link RedisClockTimestamps}).
   */
  @Override
  public long nextTimestamp() {
    return timestamps.next();
  }

  private void checkTemplatesAreDefined() {
    if (getCacheManager() instanceof RedisCacheManager manager) {
      for (String template : regionTemplates.templates()) {
        if (!manager.settings().caches().containsKey(template)) {
          throw new CacheException(
              "Setting '"
                  + REGION_TEMPLATES
                  + "' names cache '"
                  + template
                  + "', which "
                  + manager.settings().source()
                  + " does not define under 'caches' (it defines "
                  + manager.settings().cacheNames()
                  + ")");
        }
      }
    }
  }

  @Override
  protected CacheManager resolveCacheManager(
      SessionFactoryOptions settings, Map<String, Object> properties) {
    if (properties.get(ConfigSettings.CACHE_MANAGER) != null) {
      // The application hands Hibernate a cache manager of its own: use it as hibernate-jcache
      // does.
      return super.resolveCacheManager(settings, properties);
    }
    CachingProvider provider = getCachingProvider(properties);
    URI uri = getUri(settings, properties);
    return provider.getCacheManager(
        uri == null ? provider.getDefaultURI() : uri,
        getClassLoader(provider),
        managerProperties(properties));
  }

  @Override
  protected CachingProvider getCachingProvider(Map<String, Object> properties) {
    String named = string(properties, ConfigSettings.PROVIDER);
    String ours = NearCachingProvider.class.getName();
    if (named != null && !named.trim().equals(ours)) {
      throw new CacheException(
          "Setting '"
              + ConfigSettings.PROVIDER
              + "' names "
              + named
              + ", but region factory '"
              + SHORT_NAME
              + "' works with "
              + ours
              + " only: remove the setting, or use hibernate.cache.region.factory_class=jcache"
              + " for another provider");
    }
    return Caching.getCachingProvider(ours, NearCachingProvider.class.getClassLoader());
  }

  @Override
  protected URI getUri(SessionFactoryOptions settings, Map<String, Object> properties) {
    String uri = string(properties, ConfigSettings.CONFIG_URI);
    if (uri != null && hasScheme(uri.trim())) {
      // The provider reads classpath:, file: and jar: URIs itself, and takes any other URI, such
      // as urn:orders, as the name of a cache manager over its default configuration;
      // hibernate-jcache would look the whole string up as a resource and fail ("Couldn't load URI
      // from classpath:...").
      return URI.create(uri.trim());
    }
    // A bare resource name ("nearcache.yaml"), or none: as hibernate-jcache resolves it.
    return super.getUri(settings, properties);
  }

  private static boolean hasScheme(String uri) {
    try {
      URI parsed = new URI(uri);
      // A one-letter scheme is a Windows drive letter: a path, which hibernate-jcache resolves.
      return parsed.isAbsolute() && parsed.getScheme().length() > 1;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  @Override
  protected Cache<Object, Object> createCache(String regionName) {
    if (failOnMissingCache) {
      return super.createCache(regionName);
    }
    CacheManager manager = getCacheManager();
    MutableConfiguration<Object, Object> configuration = configurationFor(regionName, manager);
    try {
      return manager.createCache(regionName, configuration);
    } catch (javax.cache.CacheException e) {
      // Created meanwhile by another session factory sharing this cache manager.
      Cache<Object, Object> existing = manager.getCache(regionName);
      if (existing != null) {
        return existing;
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private MutableConfiguration<Object, Object> configurationFor(
      String regionName, CacheManager manager) {
    String template = regionTemplates.templateFor(regionName).orElse(null);
    if (template == null || !(manager instanceof RedisCacheManager redis)) {
      // Our provider fills in the file's defaults for what a bare configuration leaves unset.
      return new MutableConfiguration<>();
    }
    RedisCacheConfiguration<?, ?> defined = redis.settings().caches().get(template);
    if (defined == null) {
      throw new CacheException(
          "Region '"
              + regionName
              + "': setting '"
              + REGION_TEMPLATES
              + "' names cache '"
              + template
              + "', which "
              + redis.settings().source()
              + " does not define under 'caches'");
    }
    return (MutableConfiguration<Object, Object>) (MutableConfiguration<?, ?>) defined;
  }

  private static Properties managerProperties(Map<String, Object> properties) {
    Properties managerProperties = new Properties();
    properties.forEach(
        (key, value) -> {
          if (key.startsWith(PROPERTIES_PREFIX) && value != null) {
            managerProperties.setProperty(
                key.substring(PROPERTIES_PREFIX.length()), value.toString());
          }
        });
    return managerProperties;
  }

  private static String string(Map<String, Object> properties, String key) {
    Object value = properties.get(key);
    return value == null ? null : value.toString();
  }
}
