package dev.nearcache.jcache.internal.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Set;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementRegistryTest {

  private static final URI URI_ = URI.create("redis://host:6379/db=0,x");
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @AfterEach
  void cleanUp() throws Exception {
    for (ObjectName name : server.queryNames(new ObjectName("javax.cache:*"), null)) {
      server.unregisterMBean(name);
    }
  }

  /** Exactly how the TCK (TestSupport.calculateObjectName) computes the name. */
  private static ObjectName tckName(String type, URI uri, String cacheName) throws Exception {
    return new ObjectName(
        "javax.cache:type="
            + type
            + ",CacheManager="
            + mbeanSafe(uri.toString())
            + ",Cache="
            + mbeanSafe(cacheName));
  }

  private static String mbeanSafe(String string) {
    return string == null ? "" : string.replaceAll(":|=|\n|,", ".");
  }

  @Test
  void objectNameMatchesTck() throws Exception {
    String cacheName = "odd:name,with=chars\nand space";
    assertEquals(
        tckName("CacheStatistics", URI_, cacheName),
        ManagementRegistry.objectName(MBeanKind.STATISTICS, URI_, cacheName));
    assertEquals(
        tckName("CacheConfiguration", URI_, cacheName),
        ManagementRegistry.objectName(MBeanKind.CONFIGURATION, URI_, cacheName));
    ObjectName name = ManagementRegistry.objectName(MBeanKind.STATISTICS, URI_, cacheName);
    assertEquals("javax.cache", name.getDomain());
    assertEquals("CacheStatistics", name.getKeyProperty("type"));
    assertEquals("redis.//host.6379/db.0.x", name.getKeyProperty("CacheManager"));
    assertEquals("odd.name.with.chars.and space", name.getKeyProperty("Cache"));
    assertEquals(
        tckName("CacheStatistics", URI.create("x"), "new cache"),
        ManagementRegistry.objectName(MBeanKind.STATISTICS, URI.create("x"), "new cache"));
  }

  @Test
  void patternCharactersAreQuoted() {
    ObjectName name =
        ManagementRegistry.objectName(MBeanKind.STATISTICS, URI.create("urn:x"), "star*question?");
    assertFalse(name.isPattern());
    assertEquals("star*question?", ObjectName.unquote(name.getKeyProperty("Cache")));
    assertEquals("urn.x", name.getKeyProperty("CacheManager"));
    ObjectName query =
        ManagementRegistry.objectName(
            MBeanKind.CONFIGURATION, URI.create("redis://h:1/0?timeout=5"), "c");
    assertFalse(query.isPattern());
    assertEquals(
        "redis.//h.1/0?timeout.5", ObjectName.unquote(query.getKeyProperty("CacheManager")));
  }

  @Test
  void registerStatisticsExposesAttributesAndClear() throws Exception {
    CacheStatistics stats = new CacheStatistics();
    stats.recordHits(2);
    stats.recordMisses(2);
    stats.recordPuts(3);
    String cacheName = "a:b,c";
    URI uri = URI.create("nearcache://default");
    ManagementRegistry.register(stats, MBeanKind.STATISTICS, uri, cacheName);
    ObjectName name = tckName("CacheStatistics", uri, cacheName);
    assertTrue(server.isRegistered(name));
    assertTrue(ManagementRegistry.isRegistered(MBeanKind.STATISTICS, uri, cacheName));
    assertEquals(2L, server.getAttribute(name, "CacheHits"));
    assertEquals(4L, server.getAttribute(name, "CacheGets"));
    assertEquals(50f, server.getAttribute(name, "CacheHitPercentage"));
    assertEquals(3L, server.getAttribute(name, "CachePuts"));
    assertEquals(0f, server.getAttribute(name, "AverageGetTime"));
    server.invoke(name, "clear", null, null);
    assertEquals(0L, server.getAttribute(name, "CacheHits"));
    assertEquals(0L, server.getAttribute(name, "CachePuts"));

    ManagementRegistry.unregister(MBeanKind.STATISTICS, uri, cacheName);
    assertFalse(server.isRegistered(name));
    assertThrows(InstanceNotFoundException.class, () -> server.getAttribute(name, "CacheHits"));
    ManagementRegistry.unregister(MBeanKind.STATISTICS, uri, cacheName); // idempotent
  }

  @Test
  void registerConfigurationBean() throws Exception {
    MutableConfiguration<Long, String> config =
        new MutableConfiguration<Long, String>()
            .setTypes(Long.class, String.class)
            .setStoreByValue(true)
            .setStatisticsEnabled(true)
            .setManagementEnabled(true)
            .setReadThrough(false)
            .setWriteThrough(true);
    URI uri = URI.create("nearcache://cm");
    ManagementRegistry.register(
        new CacheMXBeanImpl(() -> config), MBeanKind.CONFIGURATION, uri, "cfg");
    ObjectName name = tckName("CacheConfiguration", uri, "cfg");
    assertEquals("java.lang.Long", server.getAttribute(name, "KeyType"));
    assertEquals("java.lang.String", server.getAttribute(name, "ValueType"));
    assertEquals(false, server.getAttribute(name, "ReadThrough"));
    assertEquals(true, server.getAttribute(name, "WriteThrough"));
    assertEquals(true, server.getAttribute(name, "StoreByValue"));
    assertEquals(true, server.getAttribute(name, "StatisticsEnabled"));
    assertEquals(true, server.getAttribute(name, "ManagementEnabled"));
    config.setStatisticsEnabled(false);
    assertEquals(false, server.getAttribute(name, "StatisticsEnabled"), "reads live configuration");

    MutableConfiguration<Object, Object> untyped = new MutableConfiguration<>();
    CacheMXBeanImpl bean = new CacheMXBeanImpl(() -> untyped);
    assertEquals("java.lang.Object", bean.getKeyType());
    assertEquals("java.lang.Object", bean.getValueType());
  }

  @Test
  void doubleRegistrationIsIdempotentAndReplaces() throws Exception {
    URI uri = URI.create("nearcache://double");
    CacheStatistics first = new CacheStatistics();
    CacheStatistics second = new CacheStatistics();
    second.recordPuts(7);
    ManagementRegistry.register(first, MBeanKind.STATISTICS, uri, "new cache");
    ManagementRegistry.register(
        new CacheMXBeanImpl(MutableConfiguration::new), MBeanKind.CONFIGURATION, uri, "new cache");
    ManagementRegistry.register(first, MBeanKind.STATISTICS, uri, "new cache");
    ManagementRegistry.register(second, MBeanKind.STATISTICS, uri, "new cache");
    Set<ObjectName> names = server.queryNames(new ObjectName("javax.cache:*"), null);
    assertEquals(2, names.size());
    assertEquals(
        7L, server.getAttribute(tckName("CacheStatistics", uri, "new cache"), "CachePuts"));
    ManagementRegistry.unregister(MBeanKind.STATISTICS, uri, "new cache");
    ManagementRegistry.unregister(MBeanKind.CONFIGURATION, uri, "new cache");
    assertTrue(server.queryNames(new ObjectName("javax.cache:*"), null).isEmpty());
  }

  @Test
  void failuresBecomeCacheExceptionNamingTheCache() {
    Object notAnMBean = new Object();
    CacheException e =
        assertThrows(
            CacheException.class,
            () ->
                ManagementRegistry.register(
                    notAnMBean, MBeanKind.STATISTICS, URI.create("nearcache://bad"), "badCache"));
    assertTrue(e.getMessage().contains("badCache"), e.getMessage());
  }
}
