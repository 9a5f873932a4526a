package dev.nearcache.jcache.config;

import static dev.nearcache.jcache.config.ConfigFixtures.loadYaml;
import static dev.nearcache.jcache.config.ConfigFixtures.serversOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.internal.config.RedissonConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SslVerificationMode;

/** The Redisson Config built for each mode; no Redis needed. */
class RedissonConfigFactoryTest {
  @TempDir Path dir;

  @Test
  void builtInDefaultsGiveASmallSingleServerConfig() {
    Config config = RedissonConfigFactory.create(ConfigFixtures.loadProperties(null));
    assertTrue(config.isSingleConfig());
    assertSame(ByteArrayCodec.INSTANCE, config.getCodec());
    SingleServerConfig single = serversOf(config, "getSingleServerConfig");
    assertEquals("redis://127.0.0.1:6379", single.getAddress());
    assertEquals(0, single.getDatabase());
    assertEquals(16, single.getConnectionPoolSize());
    assertEquals(2, single.getConnectionMinimumIdleSize());
    assertEquals(8, single.getSubscriptionConnectionPoolSize());
    assertEquals(1, single.getSubscriptionConnectionMinimumIdleSize());
    assertEquals(3000, single.getTimeout());
    assertEquals(10000, single.getConnectTimeout());
    assertNull(single.getPassword());
    assertNull(single.getUsername());
    assertEquals(new Config().getNettyThreads(), config.getNettyThreads());
  }

  @Test
  void singleServerWithEverySetting() throws IOException {
    Path truststore = TlsFixtures.emptyTrustStore(dir, "tspw");
    Path keystore = TlsFixtures.emptyTrustStore(dir, "kspw");
    ProviderSettings settings =
        loadYaml(
            dir,
            """
        redis:
          address: rediss://secure.example:6380
          database: 4
          username: app
          password: pw
          client-name: svc
          timeout: 1500ms
          connect-timeout: 4s
          connection-pool-size: 10
          connection-minimum-idle-size: 3
          subscription-connection-pool-size: 5
          threads: 6
          tls:
            truststore: %s
            truststore-password: tspw
            keystore: %s
            keystore-password: kspw
            verify-hostname: false
        """
                .formatted(truststore.toUri(), keystore));
    Config config = RedissonConfigFactory.create(settings);
    assertSame(ByteArrayCodec.INSTANCE, config.getCodec());
    assertEquals(6, config.getNettyThreads());
    SingleServerConfig single = serversOf(config, "getSingleServerConfig");
    assertEquals("rediss://secure.example:6380", single.getAddress());
    assertEquals(4, single.getDatabase());
    assertEquals("app", single.getUsername());
    assertEquals("pw", single.getPassword());
    assertEquals("svc", single.getClientName());
    assertEquals(1500, single.getTimeout());
    assertEquals(4000, single.getConnectTimeout());
    assertEquals(10, single.getConnectionPoolSize());
    assertEquals(3, single.getConnectionMinimumIdleSize());
    assertEquals(5, single.getSubscriptionConnectionPoolSize());
    assertEquals(truststore.toUri().toURL(), single.getSslTruststore());
    assertEquals("tspw", single.getSslTruststorePassword());
    assertEquals(keystore.toUri().toURL(), single.getSslKeystore());
    assertEquals("kspw", single.getSslKeystorePassword());
    assertEquals(SslVerificationMode.CA_ONLY, single.getSslVerificationMode());
  }

  @Test
  void tlsVerifiesHostnamesByDefault() throws IOException {
    Config config =
        RedissonConfigFactory.create(loadYaml(dir, "redis: {address: 'rediss://h:6380'}\n"));
    SingleServerConfig single = serversOf(config, "getSingleServerConfig");
    assertEquals(SslVerificationMode.STRICT, single.getSslVerificationMode());
    assertNull(single.getSslTruststore());
  }

  @Test
  void classpathTruststore() throws IOException {
    Path truststore = TlsFixtures.emptyTrustStore(dir, "cp");
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Path file =
          ConfigFixtures.write(
              dir,
              "tls.yaml",
              "redis:\n  address: rediss://h:1\n  tls:\n    truststore: classpath:"
                  + truststore.getFileName()
                  + "\n    truststore-password: cp\n");
      ProviderSettings settings =
          SettingsLoader.load(file.toUri(), loader, null, ConfigFixtures.emptyEnv());
      SingleServerConfig single =
          serversOf(RedissonConfigFactory.create(settings), "getSingleServerConfig");
      assertEquals(truststore.toUri().toURL(), single.getSslTruststore());
    }
  }

  @Test
  void sentinel() throws IOException {
    ProviderSettings settings =
        loadYaml(
            dir,
            """
        redis:
          mode: sentinel
          addresses: [redis://s1:26379, redis://s2:26379]
          master-name: mymaster
          database: 2
          password: pw
          connection-pool-size: 6
          connection-minimum-idle-size: 1
        """);
    Config config = RedissonConfigFactory.create(settings);
    assertTrue(config.isSentinelConfig());
    assertSame(ByteArrayCodec.INSTANCE, config.getCodec());
    SentinelServersConfig sentinel = serversOf(config, "getSentinelServersConfig");
    assertEquals("mymaster", sentinel.getMasterName());
    assertEquals(List.of("redis://s1:26379", "redis://s2:26379"), sentinel.getSentinelAddresses());
    assertEquals(2, sentinel.getDatabase());
    assertEquals("pw", sentinel.getPassword());
    assertEquals(6, sentinel.getMasterConnectionPoolSize());
    assertEquals(6, sentinel.getSlaveConnectionPoolSize());
    assertEquals(1, sentinel.getMasterConnectionMinimumIdleSize());
    assertEquals(1, sentinel.getSlaveConnectionMinimumIdleSize());
    assertEquals(8, sentinel.getSubscriptionConnectionPoolSize());
    assertEquals(1, sentinel.getSubscriptionConnectionMinimumIdleSize());
    assertEquals(ReadMode.MASTER, sentinel.getReadMode());
  }

  @Test
  void cluster() throws IOException {
    ProviderSettings settings =
        loadYaml(
            dir,
            """
        redis:
          mode: cluster
          addresses: [redis://c1:7000, redis://c2:7001, redis://c3:7002]
          username: u
          password: p
          timeout: 2s
        """);
    Config config = RedissonConfigFactory.create(settings);
    assertTrue(config.isClusterConfig());
    assertFalse(config.isSentinelConfig());
    ClusterServersConfig cluster = serversOf(config, "getClusterServersConfig");
    assertEquals(
        List.of("redis://c1:7000", "redis://c2:7001", "redis://c3:7002"),
        cluster.getNodeAddresses());
    assertEquals("u", cluster.getUsername());
    assertEquals("p", cluster.getPassword());
    assertEquals(2000, cluster.getTimeout());
    assertEquals(16, cluster.getMasterConnectionPoolSize());
    assertEquals(2, cluster.getMasterConnectionMinimumIdleSize());
    assertEquals(ReadMode.MASTER, cluster.getReadMode());
    assertSame(ByteArrayCodec.INSTANCE, config.getCodec());
  }

  @Test
  void redissonConfigFile() {
    ProviderSettings settings =
        SettingsLoader.load(
            URI.create("urn:redisson"),
            getClass().getClassLoader(),
            ConfigFixtures.props("redis.redisson-config", "classpath:config/redisson-single.yaml"),
            ConfigFixtures.env(Map.of(), Map.of()));
    assertTrue(
        settings.redis().redissonConfig().toString().endsWith("config/redisson-single.yaml"));
    assertEquals(
        settings.redis().redissonConfig().toString(),
        settings.properties().getProperty("redis.redisson-config"));
    Config config = RedissonConfigFactory.create(settings);
    assertSame(ByteArrayCodec.INSTANCE, config.getCodec());
    SingleServerConfig single = serversOf(config, "getSingleServerConfig");
    assertEquals("redis://redisson-file.example:6390", single.getAddress());
    assertEquals(5, single.getDatabase());
    assertEquals(4, single.getConnectionPoolSize());
  }
}
