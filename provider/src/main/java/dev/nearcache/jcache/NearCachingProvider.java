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
  /**
   * One slot per class loader and URI. The map's lock is held only to find or drop a slot; a
   * manager is built and connected under its own slot's lock, so a server that does not answer
   * holds up only the callers of that URI (who must wait for the same manager), not every {@code
   * getCacheManager} of the JVM.
   */
  private final Map<ClassLoader, Map<URI, Slot>> managers = new WeakHashMap<>();

  /** Where the manager of one class loader and URI lives; its monitor guards opening it. */
  private static final class Slot {
    /**
     * The open manager, or null (none yet, or being opened). Written under the slot's monitor, read
     * without it: {@link #release} reads it under the map's lock, which an opening thread takes
     * while holding the slot's, so reading it under the slot's would deadlock.
     */
    private volatile RedisCacheManager manager;

    RedisCacheManager current() {
      return manager;
    }

    boolean managerIs(RedisCacheManager candidate) {
      return manager == candidate;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties props = properties == null ? new Properties() : properties;
    Slot slot;
    synchronized (managers) {
      slot =
          managers
              .computeIfAbsent(loader, l -> new HashMap<>())
              .computeIfAbsent(managerUri, u -> new Slot());
    }
    synchronized (slot) {
      RedisCacheManager manager = slot.manager;
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
        slot.manager = manager;
        synchronized (managers) {
          // The slot may have been dropped (a close of the manager before) while this one opened.
          managers.computeIfAbsent(loader, l -> new HashMap<>()).putIfAbsent(managerUri, slot);
        }
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
      Map<URI, Slot> byUri = managers.get(manager.getClassLoader());
      Slot slot = byUri == null ? null : byUri.get(manager.getURI());
      // Only the slot's own manager drops it; a manager that failed to connect never had one.
      if (slot != null && slot.managerIs(manager)) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  /** The open managers of the given slots. */
  private static List<RedisCacheManager> managersOf(List<Slot> slots) {
    List<RedisCacheManager> all = new ArrayList<>();
    for (Slot slot : slots) {
      RedisCacheManager manager = slot.current();
      if (manager != null) {
        all.add(manager);
      }
    }
    return all;
  }

  @Override
  public void close() {
    List<Slot> slots = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, Slot> byUri : managers.values()) {
        slots.addAll(byUri.values());
      }
    }
    managersOf(slots).forEach(RedisCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<Slot> slots;
    synchronized (managers) {
      Map<URI, Slot> byUri = managers.get(loader);
      slots = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    managersOf(slots).forEach(RedisCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Slot slot;
    synchronized (managers) {
      Map<URI, Slot> byUri = managers.get(loader);
      slot = byUri == null ? null : byUri.get(managerUri);
    }
    RedisCacheManager manager = slot == null ? null : slot.current();
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
