package dev.nearcache.spring.boot;

import dev.nearcache.jcache.RedisCacheManager;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Properties;
import javax.cache.spi.CachingProvider;

/**
 * The managers that application contexts of this JVM hold. JCache keeps one manager per URI and
 * class loader, so two contexts with the same configuration (Spring's test context cache keeps
 * several alive) get the same manager: it is closed when the last of them closes, not when the
 * first does. A context whose override properties differ from those the open manager was made with
 * would silently get the other's settings (another Redis, say): that fails start-up instead, naming
 * the ways to give each context a manager of its own.
 */
final class SharedManagers {
  private static final IdentityHashMap<RedisCacheManager, Integer> HOLDERS =
      new IdentityHashMap<>();

  private SharedManagers() {}

  static RedisCacheManager acquire(
      CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    synchronized (HOLDERS) {
      RedisCacheManager manager =
          (RedisCacheManager) provider.getCacheManager(uri, classLoader, properties);
      if (!properties.equals(manager.getProperties())) {
        throw new IllegalStateException(
            "nearcache: the cache manager "
                + uri
                + " is already open in this JVM"
                + " with other settings (opened by another application context, or by other code, with"
                + " different nearcache.* properties); give this application a manager of its own with"
                + " nearcache.manager-uri (e.g. urn:my-app) or spring.cache.jcache.config, or the same settings");
      }
      HOLDERS.merge(manager, 1, Integer::sum);
      return manager;
    }
  }

  static void release(RedisCacheManager manager) {
    synchronized (HOLDERS) {
      Integer holders = HOLDERS.get(manager);
      if (holders != null && holders > 1) {
        HOLDERS.put(manager, holders - 1);
        return;
      }
      HOLDERS.remove(manager);
    }
    manager.close();
  }
}
