package dev.nearcache.jcache.config;

import static dev.nearcache.jcache.config.ConfigFixtures.env;
import static dev.nearcache.jcache.config.ConfigFixtures.loadProperties;
import static dev.nearcache.jcache.config.ConfigFixtures.loadYaml;
import static dev.nearcache.jcache.config.ConfigFixtures.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.RedisCacheConfiguration;
import dev.nearcache.near.NearCacheSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a valid configuration binds to. */
class SettingsBindingTest {
  private static final ClassLoader LOADER = SettingsBindingTest.class.getClassLoader();

  @TempDir Path dir;

  private ProviderSettings full() {
    return SettingsLoader.load(
        URI.create("classpath:config/full.yaml"),
        LOADER,
        null,
        env(Map.of(), Map.of("REDIS_PASSWORD", "s3cret")));
  }

  @Test
  void bindsRedisSettings() {
    RedisSettings redis = full().redis();
    assertEquals(RedisMode.SINGLE, redis.mode());
    assertEquals("rediss://redis.example:6380", redis.address());
    assertEquals(List.of(), redis.addresses());
    assertEquals(3, redis.database());
    assertEquals("app", redis.username());
    assertEquals("s3cret", redis.password());
    assertEquals("my-service", redis.clientName());
    assertEquals(Duration.ofMillis(1500), redis.timeout());
    assertEquals(Duration.ofSeconds(5), redis.connectTimeout());
    assertEquals(8, redis.connectionPoolSize());
    assertEquals(1, redis.connectionMinimumIdleSize());
    assertEquals(4, redis.subscriptionConnectionPoolSize());
    assertEquals(6, redis.threads());
    assertTrue(redis.usesTls());
    assertFalse(redis.tls().verifyHostname());
    assertNull(redis.tls().truststore());
    assertNull(redis.redissonConfig());
    assertEquals(
        512 * 1024 * 1024,
        redis.maxEntrySize(),
        "the default is Redis's proto-max-bulk-len, 512 MiB");
  }

  @Test
  void bindsTheMaximumEntrySizeInBytesKibMibOrGib() throws java.io.IOException {
    assertEquals(1500, loadYaml(dir, "redis:\n  max-entry-size: 1500\n").redis().maxEntrySize());
    assertEquals(
        64 * 1024, loadYaml(dir, "redis:\n  max-entry-size: 64KiB\n").redis().maxEntrySize());
    assertEquals(
        16 << 20, loadYaml(dir, "redis:\n  max-entry-size: 16 MiB\n").redis().maxEntrySize());
    assertEquals(1 << 30, loadYaml(dir, "redis:\n  max-entry-size: 1GiB\n").redis().maxEntrySize());
  }

  @Test
  void bindsKeyPrefixAndCodec() {
    ProviderSettings settings = full();
    assertEquals("app:", settings.keyPrefix());
    assertEquals("kryo", settings.codec().name());
    assertEquals(
        List.of("com.example.model.**", "com.example.Order"), settings.codec().allowedClasses());
    assertEquals(List.of("java.util.ArrayList"), settings.codec().registeredClasses());
    assertEquals(LOADER, settings.codec().classLoader());
  }

  @Test
  void bindsDefaults() {
    RedisCacheConfiguration<Object, Object> defaults = full().defaults();
    assertEquals(32, defaults.getSegments());
    assertTrue(defaults.isStatisticsEnabled());
    assertTrue(defaults.isManagementEnabled());
    assertFalse(defaults.isStoreByValue());
    assertEquals(
        CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10)),
        defaults.getExpiryPolicyFactory());
    assertEquals(
        new NearCacheSettings(true, 500, Duration.ofMinutes(2), Duration.ofMillis(250)),
        defaults.getNearCache());
    assertEquals(Object.class, defaults.getKeyType());
    assertNull(defaults.getCacheLoaderFactory());
  }

  @Test
  void bindsCachesWithDefaultsMergedIn() {
    Map<String, RedisCacheConfiguration<?, ?>> caches = full().caches();
    assertEquals(List.of("orders", "sessions", "com.example.Dotted"), List.copyOf(caches.keySet()));

    RedisCacheConfiguration<?, ?> orders = caches.get("orders");
    assertEquals(String.class, orders.getKeyType());
    assertEquals(ConfigFixtures.Order.class, orders.getValueType());
    assertTrue(orders.isReadThrough());
    assertTrue(orders.isWriteThrough());
    assertEquals(64, orders.getSegments());
    assertTrue(orders.isStatisticsEnabled()); // from defaults
    assertEquals(
        CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.SECONDS, 30)),
        orders.getExpiryPolicyFactory()); // policy from defaults, duration own
    assertEquals(
        new NearCacheSettings(true, 100, Duration.ofMinutes(2), Duration.ofMillis(250)),
        orders.getNearCache());
    assertInstanceOf(ConfigFixtures.Loader.class, orders.getCacheLoaderFactory().create());
    assertInstanceOf(ConfigFixtures.Writer.class, orders.getCacheWriterFactory().create());

    RedisCacheConfiguration<?, ?> sessions = caches.get("sessions");
    assertEquals(Object.class, sessions.getKeyType());
    CacheLoader<?, ?> loader = sessions.getCacheLoaderFactory().create();
    assertInstanceOf(ConfigFixtures.Loader.class, loader); // made by the Factory class
    assertNull(sessions.getCacheWriterFactory());
    assertFalse(sessions.isWriteThrough());
    assertEquals(
        TouchedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.HOURS, 1)),
        sessions.getExpiryPolicyFactory());
    assertFalse(sessions.getNearCache().enabled());
    assertEquals(500, sessions.getNearCache().maximumSize());

    RedisCacheConfiguration<?, ?> dotted = caches.get("com.example.Dotted");
    assertEquals(32, dotted.getSegments());
    assertFalse(dotted.isReadThrough());
  }

  @Test
  void returnsFreshCopies() {
    ProviderSettings settings = full();
    RedisCacheConfiguration<Object, Object> first = settings.defaults();
    first.setSegments(2);
    assertEquals(32, settings.defaults().getSegments());
    assertNotSame(settings.caches().get("orders"), settings.caches().get("orders"));
    settings.caches().get("orders").setReadThrough(false);
    assertTrue(settings.caches().get("orders").isReadThrough());
    Properties properties = settings.properties();
    properties.setProperty("key-prefix", "changed");
    assertEquals("app:", settings.properties().getProperty("key-prefix"));
  }

  @Test
  void factoriesAreSerializable() throws Exception {
    RedisCacheConfiguration<?, ?> orders = full().caches().get("orders");
    Factory<?> loader = roundTrip(orders.getCacheLoaderFactory());
    assertInstanceOf(ConfigFixtures.Loader.class, loader.create());
    Factory<?> expiry = roundTrip(orders.getExpiryPolicyFactory());
    assertInstanceOf(CreatedExpiryPolicy.class, expiry.create());
    assertInstanceOf(CacheWriter.class, roundTrip(orders.getCacheWriterFactory()).create());
  }

  @Test
  void everyExpiryPolicy() throws IOException {
    Map<String, Class<? extends ExpiryPolicy>> policies =
        Map.of(
            "eternal",
            EternalExpiryPolicy.class,
            "created",
            CreatedExpiryPolicy.class,
            "accessed",
            AccessedExpiryPolicy.class,
            "modified",
            ModifiedExpiryPolicy.class,
            "touched",
            TouchedExpiryPolicy.class);
    for (Map.Entry<String, Class<? extends ExpiryPolicy>> e : policies.entrySet()) {
      ProviderSettings settings =
          loadYaml(
              dir, "defaults:\n  expiry:\n    policy: " + e.getKey() + "\n    duration: 1500ms\n");
      ExpiryPolicy policy = settings.defaults().getExpiryPolicyFactory().create();
      assertInstanceOf(e.getValue(), policy);
    }
    ProviderSettings eternal = loadYaml(dir, "defaults:\n  expiry: {policy: eternal}\n");
    assertEquals(EternalExpiryPolicy.factoryOf(), eternal.defaults().getExpiryPolicyFactory());
  }

  @Test
  void builtInDefaults() {
    ProviderSettings settings = loadProperties(null);
    RedisCacheConfiguration<Object, Object> defaults = settings.defaults();
    assertEquals(16, defaults.getSegments());
    assertFalse(defaults.isStatisticsEnabled());
    assertFalse(defaults.isManagementEnabled());
    assertTrue(defaults.isStoreByValue());
    assertEquals(EternalExpiryPolicy.factoryOf(), defaults.getExpiryPolicyFactory());
    assertEquals(NearCacheSettings.DEFAULTS, defaults.getNearCache());
    assertEquals("kryo", settings.codec().name());
    assertEquals(Map.of(), settings.caches());
    assertEquals(2, settings.redis().connectionMinimumIdleSize());
    assertEquals(16, settings.redis().connectionPoolSize());
  }

  @Test
  void propertiesOverrideTheFile() throws IOException {
    String yaml =
        """
        redis:
          address: redis://file.example:6379
          timeout: 2s
        codec:
          allow: [com.file.**]
        defaults:
          segments: 8
          near-cache: {maximum-size: 50}
        caches:
          orders:
            segments: 4
        """;
    Properties overrides =
        props(
            "redis.address", "redis://props.example:6400",
            "codec.allow", "com.a.*, com.b.Order",
            "defaults.near-cache.maximum-size", "77",
            "caches.orders.expiry.policy", "accessed",
            "caches.orders.expiry.duration", "PT5M",
            "caches.extra.segments", "2",
            "dummy.com", "goofy");
    ProviderSettings settings = loadYaml(dir, yaml, overrides);
    assertTrue(settings.source().endsWith("nearcache.yaml + properties"), settings.source());
    assertEquals("redis://props.example:6400", settings.redis().address());
    assertEquals(Duration.ofSeconds(2), settings.redis().timeout());
    assertEquals(List.of("com.a.*", "com.b.Order"), settings.codec().allowedClasses());
    assertEquals(8, settings.defaults().getSegments());
    assertEquals(77, settings.defaults().getNearCache().maximumSize());
    RedisCacheConfiguration<?, ?> orders = settings.caches().get("orders");
    assertEquals(4, orders.getSegments());
    assertEquals(
        AccessedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MINUTES, 5)),
        orders.getExpiryPolicyFactory());
    assertEquals(77, orders.getNearCache().maximumSize());
    assertEquals(2, settings.caches().get("extra").getSegments());
  }

  @Test
  void propertiesAloneWithListsAndNonStringValues() {
    Properties properties =
        props("redis.mode", "cluster", "redis.addresses", "redis://n1:7000, redis://n2:7001,,");
    properties.put("defaults.segments", 128);
    ProviderSettings settings = loadProperties(properties);
    assertEquals(SettingsLoader.BUILT_IN + " + properties", settings.source());
    assertEquals(RedisMode.CLUSTER, settings.redis().mode());
    assertEquals(List.of("redis://n1:7000", "redis://n2:7001"), settings.redis().addresses());
    assertNull(settings.redis().address());
    assertEquals(128, settings.defaults().getSegments());
  }

  @Test
  void writesWaitForNoReplicaUnlessAsked() {
    RedisSettings redis = loadProperties(props("redis.address", "redis://h:1")).redis();
    assertEquals(0, redis.waitForReplicas());
    RedisSettings waiting =
        loadProperties(props("redis.wait-for-replicas", "2", "redis.wait-timeout", "250ms"))
            .redis();
    assertEquals(2, waiting.waitForReplicas());
    assertEquals(Duration.ofMillis(250), waiting.waitTimeout());
    assertEquals(
        RedisSettings.DEFAULT_WAIT_TIMEOUT,
        loadProperties(props("redis.wait-for-replicas", "1")).redis().waitTimeout());
    assertTrue(
        waiting.toString().contains("waitForReplicas=2, waitTimeout=PT0.25S"), waiting.toString());
  }

  @Test
  void waitForReplicasIsAllowedNextToARedissonConfig() {
    RedisSettings redis =
        loadProperties(
                props(
                    "redis.redisson-config",
                    "classpath:config/redisson-single.yaml",
                    "redis.wait-for-replicas",
                    "1"))
            .redis();
    assertEquals(1, redis.waitForReplicas());
  }

  @Test
  void emptyPropertyClearsAFileValue() throws IOException {
    ProviderSettings settings =
        loadYaml(dir, "redis:\n  password: fromfile\n", props("redis.password", ""));
    assertNull(settings.redis().password());
  }

  @Test
  void substitutesPlaceholdersFromSystemPropertiesThenEnvironment() throws IOException {
    String yaml =
        """
        redis:
          address: redis://${REDIS_HOST:localhost}:${REDIS_PORT:6379}
          password: ${REDIS_PASSWORD}
          username: ${REDIS_USER:}
        key-prefix: ${PREFIX:nc:}
        """;
    Path file = ConfigFixtures.write(dir, "subst.yaml", yaml);
    ProviderSettings settings =
        SettingsLoader.load(
            file.toUri(),
            LOADER,
            props("redis.client-name", "${APP}-client"),
            env(
                Map.of("REDIS_HOST", "prop-host", "APP", "billing"),
                Map.of("REDIS_HOST", "env-host", "REDIS_PORT", "6390", "REDIS_PASSWORD", "pw")));
    assertEquals("redis://prop-host:6390", settings.redis().address());
    assertEquals("pw", settings.redis().password());
    assertNull(settings.redis().username());
    assertEquals("nc:", settings.keyPrefix());
    assertEquals("billing-client", settings.redis().clientName());
  }

  @Test
  void substitutesFromRealSystemProperties() throws IOException {
    String name = "nearcache.test.prefix." + System.nanoTime();
    System.setProperty(name, "real:");
    try {
      Path file = ConfigFixtures.write(dir, "real.yaml", "key-prefix: ${" + name + "}\n");
      assertEquals("real:", SettingsLoader.load(file.toUri(), LOADER, null).keyPrefix());
    } finally {
      System.clearProperty(name);
    }
  }

  @Test
  void yamlScalarsStayText() throws IOException {
    ProviderSettings settings =
        loadYaml(
            dir,
            """
        redis:
          password: 12345
          client-name: yes
        key-prefix: 'null'
        """);
    assertEquals("12345", settings.redis().password());
    assertEquals("yes", settings.redis().clientName());
    assertEquals("null", settings.keyPrefix());
  }

  @Test
  void yamlAnchorsAndMergeKeys() throws IOException {
    ProviderSettings settings =
        loadYaml(
            dir,
            """
        defaults:
          near-cache: &near {enabled: true, maximum-size: 42}
        caches:
          a:
            near-cache:
              <<: *near
              maximum-size: 7
          b:
            near-cache: *near
        """);
    assertEquals(7, settings.caches().get("a").getNearCache().maximumSize());
    assertEquals(42, settings.caches().get("b").getNearCache().maximumSize());
  }

  @Test
  void sentinelAndClusterSettings() throws IOException {
    ProviderSettings sentinel =
        loadYaml(
            dir,
            """
        redis:
          mode: sentinel
          addresses: [redis://s1:26379, redis://s2:26379]
          master-name: mymaster
          database: 2
        """);
    assertEquals(RedisMode.SENTINEL, sentinel.redis().mode());
    assertEquals("mymaster", sentinel.redis().masterName());
    assertEquals(List.of("redis://s1:26379", "redis://s2:26379"), sentinel.redis().nodeAddresses());
    ProviderSettings cluster =
        loadYaml(dir, "redis: {mode: CLUSTER, addresses: 'redis://c1:7000,redis://c2:7000'}\n");
    assertEquals(RedisMode.CLUSTER, cluster.redis().mode());
    assertEquals(2, cluster.redis().addresses().size());
  }

  @Test
  void effectivePropertiesRoundTrip() throws IOException {
    String yaml =
        """
        redis:
          mode: sentinel
          addresses: [redis://s1:26379]
          master-name: m
          password: hunter2
          timeout: 2500ms
        key-prefix: "rt:"
        codec: {allow: [com.x.**], register: [java.util.ArrayList]}
        defaults:
          expiry: {policy: modified, duration: 90s}
        caches:
          orders:
            key-type: java.lang.String
            loader: dev.nearcache.jcache.config.ConfigFixtures$Loader
            read-through: true
            near-cache: {enabled: false}
        """;
    ProviderSettings settings = loadYaml(dir, yaml);
    Properties effective = settings.properties();
    assertEquals("sentinel", effective.getProperty("redis.mode"));
    assertEquals("hunter2", effective.getProperty("redis.password"));
    assertEquals("2500ms", effective.getProperty("redis.timeout"));
    assertEquals("90s", effective.getProperty("defaults.expiry.duration"));
    assertEquals("16", effective.getProperty("caches.orders.segments"));
    assertEquals("false", effective.getProperty("caches.orders.near-cache.enabled"));

    ProviderSettings again = loadProperties(effective);
    assertEquals(settings.redis(), again.redis());
    assertEquals(settings.keyPrefix(), again.keyPrefix());
    assertEquals(settings.codec(), again.codec());
    assertEquals(settings.defaults(), again.defaults());
    assertEquals(settings.caches(), again.caches());
    assertEquals(effective, again.properties());
  }

  @Test
  void passwordsAreMaskedInEveryToString() throws IOException {
    Path store = TlsFixtures.emptyTrustStore(dir, "tspass");
    ProviderSettings settings =
        loadYaml(
            dir,
            """
        redis:
          address: rediss://h:6379
          password: hunter2
          tls:
            truststore: %s
            truststore-password: tspass
        """
                .formatted(store.toUri()));
    assertEquals("hunter2", settings.redis().password());
    assertEquals("tspass", settings.redis().tls().truststorePassword());
    for (String text :
        List.of(
            settings.toString(),
            settings.redis().toString(),
            settings.redis().tls().toString(),
            settings.properties().toString(),
            listed(settings.properties()))) {
      assertFalse(text.contains("hunter2"), text);
      assertFalse(text.contains("tspass"), text);
      assertTrue(text.contains("****"), text);
    }
  }

  private static String listed(Properties properties) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    properties.list(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T object) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
