package dev.nearcache.jcache;

import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.config.SettingsLoader;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JCache entry point: {@code Caching.getCachingProvider(NearCachingProvider.class.getName())}.
 * A cache manager is identified by its URI and class loader; the URI names a YAML configuration
 * file ({@code file:}, {@code jar:file:...!/...}, {@code classpath:}) or is the default URI, which
 * reads {@code nearcache.config}, {@code NEARCACHE_CONFIG}, {@code nearcache.yaml} on the class
 * path, or built-in defaults (Redis at 127.0.0.1:6379), in that order.
 */
public final class NearCachingProvider implements CachingProvider {
  private final Map<ClassLoader, Map<URI, RedisCacheManager>> managers = new WeakHashMap<>();

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties props = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, RedisCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      RedisCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        ProviderSettings settings = SettingsLoader.load(managerUri, loader, props);
        manager = new RedisCacheManager(this, managerUri, loader, props, settings);
        // Connect before handing it out: wrong credentials or an unreachable server are
        // configuration errors, reported here rather than at the first cache use.
        try {
          manager.connect();
        } catch (RuntimeException e) {
          manager.close();
          throw e;
        }
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader loader = getClass().getClassLoader();
    return loader == null ? ClassLoader.getSystemClassLoader() : loader;
  }

  @Override
  public URI getDefaultURI() {
    return SettingsLoader.DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  /** Called by a manager that closes itself. */
  void release(RedisCacheManager manager) {
    synchronized (managers) {
      Map<URI, RedisCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null) {
        byUri.remove(manager.getURI(), manager);
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  @Override
  public void close() {
    List<RedisCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, RedisCacheManager> byUri : managers.values()) {
        all.addAll(byUri.values());
      }
    }
    all.forEach(RedisCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<RedisCacheManager> all;
    synchronized (managers) {
      Map<URI, RedisCacheManager> byUri = managers.get(loader);
      all = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    all.forEach(RedisCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    RedisCacheManager manager;
    synchronized (managers) {
      Map<URI, RedisCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.get(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    // Entries live in Redis as bytes: store-by-reference cannot be offered.
    return false;
  }
}
