package dev.nearcache.jcache.internal.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Objects;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers the JSR-107 cache MBeans on the platform MBeanServer under {@code
 * javax.cache:type=<CacheConfiguration|CacheStatistics>,CacheManager=<uri>,Cache=<name>}, where
 * {@code ,} {@code :} {@code =} and newline in the URI and the cache name are replaced by {@code .}
 * (exactly as the TCK computes the name). Should the result still contain characters that are
 * illegal or pattern characters in an unquoted ObjectName value ({@code " * ?}), that value is
 * quoted instead.
 */
public final class ManagementRegistry {

  private static final int MAX_REGISTER_ATTEMPTS = 5;

  private ManagementRegistry() {}

  /** The ObjectName of the given MBean of a cache. */
  public static ObjectName objectName(MBeanKind kind, URI cacheManagerUri, String cacheName) {
    Objects.requireNonNull(kind, "kind");
    String name =
        "javax.cache:type="
            + kind.typeName()
            + ",CacheManager="
            + safeValue(cacheManagerUri == null ? null : cacheManagerUri.toString())
            + ",Cache="
            + safeValue(cacheName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Illegal MBean name " + name + " for cache '" + cacheName + "'", e);
    }
  }

  /**
   * Registers {@code mbean} as the given MBean of the cache. If an MBean is already registered
   * under that name it is replaced, so repeated registration is idempotent.
   *
   * @throws CacheException if registration fails
   */
  public static void register(Object mbean, MBeanKind kind, URI cacheManagerUri, String cacheName) {
    Objects.requireNonNull(mbean, "mbean");
    ObjectName name = objectName(kind, cacheManagerUri, cacheName);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (int attempt = 1; ; attempt++) {
      try {
        server.registerMBean(mbean, name);
        return;
      } catch (InstanceAlreadyExistsException e) {
        if (attempt >= MAX_REGISTER_ATTEMPTS) {
          throw failure("register", kind, cacheManagerUri, cacheName, e);
        }
        try {
          server.unregisterMBean(name);
        } catch (InstanceNotFoundException ignored) {
          // concurrently unregistered: just retry
        } catch (JMException | RuntimeException ex) {
          throw failure("register", kind, cacheManagerUri, cacheName, ex);
        }
      } catch (JMException | RuntimeException e) {
        throw failure("register", kind, cacheManagerUri, cacheName, e);
      }
    }
  }

  /**
   * Unregisters the given MBean of the cache; does nothing if it is not registered.
   *
   * @throws CacheException if unregistration fails
   */
  public static void unregister(MBeanKind kind, URI cacheManagerUri, String cacheName) {
    ObjectName name = objectName(kind, cacheManagerUri, cacheName);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException ignored) {
      // not registered: nothing to do
    } catch (JMException | RuntimeException e) {
      throw failure("unregister", kind, cacheManagerUri, cacheName, e);
    }
  }

  /** Whether the given MBean of the cache is currently registered. */
  public static boolean isRegistered(MBeanKind kind, URI cacheManagerUri, String cacheName) {
    return ManagementFactory.getPlatformMBeanServer()
        .isRegistered(objectName(kind, cacheManagerUri, cacheName));
  }

  /**
   * The ObjectName value for a cache manager URI or cache name: {@code null} becomes the empty
   * string, {@code , : =} and newline become {@code .}; quoted if still not a legal plain value.
   */
  static String safeValue(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder sb = null;
    boolean needsQuote = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == ':' || c == '=' || c == '\n') {
        if (sb == null) {
          sb = new StringBuilder(value);
        }
        sb.setCharAt(i, '.');
      } else if (c == '"' || c == '*' || c == '?') {
        needsQuote = true;
      }
    }
    String safe = sb == null ? value : sb.toString();
    return needsQuote ? ObjectName.quote(safe) : safe;
  }

  private static CacheException failure(
      String action, MBeanKind kind, URI cacheManagerUri, String cacheName, Exception cause) {
    return new CacheException(
        "Failed to "
            + action
            + " "
            + kind.typeName()
            + " MBean of cache '"
            + cacheName
            + "' (cache manager "
            + cacheManagerUri
            + "): "
            + cause,
        cause);
  }
}
