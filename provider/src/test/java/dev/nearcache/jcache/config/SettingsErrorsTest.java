package dev.nearcache.jcache.config;

import static dev.nearcache.jcache.config.ConfigFixtures.assertError;
import static dev.nearcache.jcache.config.ConfigFixtures.emptyEnv;
import static dev.nearcache.jcache.config.ConfigFixtures.loadProperties;
import static dev.nearcache.jcache.config.ConfigFixtures.props;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad setting fails with a message naming the source, the setting, the value and what is
 * allowed.
 */
class SettingsErrorsTest {
  private static final String LOADER_CLASS = "dev.nearcache.jcache.config.ConfigFixtures$";

  @TempDir Path dir;

  private CacheException yamlError(String yaml, String... fragments) throws IOException {
    Path file = ConfigFixtures.write(dir, "app.yaml", yaml);
    String[] all = new String[fragments.length + 1];
    all[0] = "nearcache configuration " + file.toUri() + ": setting '";
    System.arraycopy(fragments, 0, all, 1, fragments.length);
    return assertError(
        () -> SettingsLoader.load(file.toUri(), getClass().getClassLoader(), null, emptyEnv()),
        all);
  }

  static Stream<Arguments> badYaml() {
    return Stream.of(
        Arguments.of(
            "redis:\n  mode: foo\n",
            new String[] {
              "setting 'redis.mode' is 'foo'; allowed: single, sentinel, cluster (line 2)"
            }),
        Arguments.of(
            "redis:\n  adress: redis://h:1\n",
            new String[] {
              "setting 'redis.adress' is not a known setting (did you mean 'redis.address'?)",
              "allowed under 'redis': mode, address, addresses"
            }),
        Arguments.of(
            "redis:\n  masterName: x\n", new String[] {"did you mean 'redis.master-name'?"}),
        Arguments.of(
            "cahces: {}\n",
            new String[] {
              "'cahces' is not a known setting (did you mean 'caches'?)",
              "allowed at the top level: redis, key-prefix, codec, defaults, caches"
            }),
        Arguments.of(
            "defaults:\n  near-cache: {max-size: 3}\n",
            new String[] {
              "'defaults.near-cache.max-size' is not a known setting",
              "enabled, maximum-size, maximum-local-lifetime, reconciliation-interval"
            }),
        Arguments.of(
            "caches:\n  orders:\n    segmetns: 3\n",
            new String[] {
              "'caches.orders.segmetns' is not a known setting (did you mean 'caches.orders.segments'?)"
            }),
        Arguments.of(
            "defaults:\n  segments: abc\n",
            new String[] {"'defaults.segments' is 'abc'; allowed: an integer from 1 to 16384"}),
        Arguments.of(
            "defaults:\n  segments: 0\n",
            new String[] {"'defaults.segments' is '0'; allowed: an integer from 1 to 16384"}),
        Arguments.of(
            "caches:\n  c:\n    segments: 16385\n",
            new String[] {"'caches.c.segments' is '16385'; allowed: an integer from 1 to 16384"}),
        Arguments.of(
            "redis:\n  timeout: 10x\n",
            new String[] {
              "'redis.timeout' is '10x'; allowed: a duration such as 500ms, 2s, 10m, 1h, 1d"
            }),
        Arguments.of(
            "redis:\n  timeout: 0\n", new String[] {"'redis.timeout' is '0'", "at least 1ms"}),
        Arguments.of(
            "redis:\n  max-entry-size: lots\n",
            new String[] {
              "'redis.max-entry-size' is 'lots'; allowed:"
                  + " a size from 1 byte to 2147483639 bytes: a number of bytes (1048576), or of KiB, MiB, GiB",
              "(line 2)"
            }),
        Arguments.of(
            "redis:\n  max-entry-size: 0\n",
            new String[] {"'redis.max-entry-size' is '0'; allowed:"}),
        Arguments.of(
            "redis:\n  max-entry-size: 2GiB\n",
            new String[] {"'redis.max-entry-size' is '2GiB'; allowed:"}),
        Arguments.of(
            "defaults:\n  near-cache: {reconciliation-interval: -1s}\n",
            new String[] {
              "'defaults.near-cache.reconciliation-interval' is '-1s'; allowed: a duration"
            }),
        Arguments.of(
            "defaults:\n  statistics: yes\n",
            new String[] {"'defaults.statistics' is 'yes'; allowed: true, false"}),
        Arguments.of(
            "defaults:\n  expiry: {policy: forever}\n",
            new String[] {
              "'defaults.expiry.policy' is 'forever'; allowed: eternal, created, accessed, modified, touched"
            }),
        Arguments.of(
            "defaults:\n  expiry: {policy: created}\n",
            new String[] {
              "'defaults.expiry.duration' is missing; allowed: a positive duration, required when the"
                  + " policy is created"
            }),
        Arguments.of(
            "defaults:\n  expiry: {policy: created, duration: 0}\n",
            new String[] {"'defaults.expiry.duration' is '0'", "at least 1ms"}),
        Arguments.of(
            "caches:\n  c:\n    key-type: com.nope.Missing\n",
            new String[] {
              "'caches.c.key-type' is 'com.nope.Missing'; allowed: a fully qualified class name",
              "class not found"
            }),
        Arguments.of(
            "caches:\n  c:\n    loader: com.nope.Loader\n",
            new String[] {
              "'caches.c.loader' is 'com.nope.Loader'; allowed: the name of a class implementing"
                  + " javax.cache.integration.CacheLoader or javax.cache.configuration.Factory",
              "class not found"
            }),
        Arguments.of(
            "caches:\n  c:\n    loader: " + LOADER_CLASS + "NotALoader\n",
            new String[] {
              "'caches.c.loader' is '" + LOADER_CLASS + "NotALoader'",
              "it is neither a javax.cache.integration.CacheLoader nor a javax.cache.configuration.Factory"
            }),
        Arguments.of(
            "caches:\n  c:\n    writer: " + LOADER_CLASS + "Loader\n",
            new String[] {
              "'caches.c.writer' is '" + LOADER_CLASS + "Loader'",
              "javax.cache.integration.CacheWriter"
            }),
        Arguments.of(
            "caches:\n  c:\n    loader: " + LOADER_CLASS + "LoaderWithArgs\n",
            new String[] {"'caches.c.loader'", "it has no no-arg constructor"}),
        Arguments.of(
            "caches:\n  c:\n    read-through: true\n",
            new String[] {
              "'caches.c.read-through' is 'true'; allowed: false unless 'caches.c.loader' names"
            }),
        Arguments.of(
            "caches:\n  c:\n    write-through: true\n",
            new String[] {
              "'caches.c.write-through' is 'true'; allowed: false unless 'caches.c.writer' names"
            }),
        Arguments.of(
            "caches:\n  c: 5\n",
            new String[] {"'caches.c' is '5'; allowed: a section with the keys key-type"}),
        Arguments.of(
            "redis: localhost\n",
            new String[] {"'redis' is 'localhost'; allowed: a section with the keys mode"}),
        Arguments.of(
            "redis:\n  client-name: ${NOPE_NAME}\n",
            new String[] {"'redis.client-name' is '${NOPE_NAME}'; allowed: a value whose ${NAME}"}),
        Arguments.of(
            "redis:\n  address: [redis://a:1, redis://b:2]\n",
            new String[] {
              "'redis.address' is 'redis://a:1, redis://b:2'; allowed: a single value"
            }),
        Arguments.of(
            "redis:\n  address: localhost:6379\n",
            new String[] {
              "'redis.address' is 'localhost:6379'; allowed: redis://host:port, or rediss://host:port"
            }),
        Arguments.of(
            "redis:\n  address: redis://nohostport\n",
            new String[] {"'redis.address' is 'redis://nohostport'"}),
        Arguments.of(
            "redis:\n  addresses: [redis://a:1]\n",
            new String[] {"'redis.addresses' is 'redis://a:1'; allowed: nothing in single mode"}),
        Arguments.of(
            "redis:\n  master-name: m\n",
            new String[] {
              "'redis.master-name' is 'm'; allowed: nothing in single mode (only with mode sentinel)"
            }),
        Arguments.of(
            "redis:\n  mode: sentinel\n  addresses: [redis://s:26379]\n",
            new String[] {"'redis.master-name' is missing; allowed: the name of the master"}),
        Arguments.of(
            "redis:\n  mode: sentinel\n  master-name: m\n",
            new String[] {"'redis.addresses' is missing; allowed: one or more addresses"}),
        Arguments.of(
            "redis:\n  mode: cluster\n  address: redis://a:1\n",
            new String[] {
              "'redis.address' is 'redis://a:1'; allowed: nothing in cluster mode (use 'redis.addresses'"
            }),
        Arguments.of(
            "redis:\n  mode: cluster\n  addresses: [redis://a:1]\n  database: 2\n",
            new String[] {"'redis.database' is '2'; allowed: 0 in cluster mode"}),
        Arguments.of(
            "redis:\n  mode: cluster\n  addresses: [redis://a:1, 'x']\n",
            new String[] {"'redis.addresses' is 'x'; allowed: redis://host:port"}),
        Arguments.of(
            "redis:\n  connection-pool-size: 4\n  connection-minimum-idle-size: 5\n",
            new String[] {
              "'redis.connection-minimum-idle-size' is '5'; allowed: an integer from 0 to 4"
            }),
        Arguments.of(
            "redis:\n  wait-for-replicas: -1\n",
            new String[] {
              "'redis.wait-for-replicas' is '-1'; allowed: an integer from 0 to 1000 (line 2)"
            }),
        Arguments.of(
            "redis:\n  wait-for-replicas: 1\n  wait-timeout: 0\n",
            new String[] {"'redis.wait-timeout' is '0'", "at least 1ms"}),
        Arguments.of(
            "redis:\n  wait-timeout: 2s\n",
            new String[] {
              "'redis.wait-timeout' is '2s'; allowed: nothing unless 'redis.wait-for-replicas' is at least 1"
            }),
        Arguments.of(
            "redis:\n  threads: -1\n",
            new String[] {"'redis.threads' is '-1'; allowed: an integer from 0 to"}),
        Arguments.of(
            "redis:\n  tls: {verify-hostname: false}\n",
            new String[] {
              "'redis.tls.verify-hostname' is 'false'; allowed: nothing unless an address is rediss://"
            }),
        Arguments.of(
            "redis:\n  address: rediss://h:1\n  tls: {truststore: /no/such/ts.p12}\n",
            new String[] {
              "'redis.tls.truststore' is '/no/such/ts.p12'; allowed: a PKCS12 or JKS key store",
              "file not found"
            }),
        Arguments.of(
            "redis:\n  address: rediss://h:1\n  tls: {keystore: classpath:config/none.p12}\n",
            new String[] {
              "'redis.tls.keystore' is 'classpath:config/none.p12'", "not found on the class path"
            }),
        Arguments.of(
            "redis:\n  redisson-config: classpath:config/redisson-single.yaml\n  address: redis://a:1\n",
            new String[] {
              "'redis.address' is 'redis://a:1'; allowed: nothing when 'redis.redisson-config' is set"
            }),
        Arguments.of(
            "redis:\n  redisson-config: classpath:config/redisson-single.yaml\n  tls: {verify-hostname: true}\n",
            new String[] {
              "'redis.tls' is '(a section)'; allowed: nothing when 'redis.redisson-config' is set"
            }),
        Arguments.of(
            "redis:\n  redisson-config: classpath:config/missing-redisson.yaml\n",
            new String[] {
              "'redis.redisson-config' is 'classpath:config/missing-redisson.yaml'; allowed: a Redisson"
                  + " YAML configuration file",
              "not found"
            }),
        Arguments.of(
            "redis:\n  redisson-config: classpath:config/basic.yaml\n",
            new String[] {
              "'redis.redisson-config' is 'classpath:config/basic.yaml'", "Redisson cannot read it"
            }),
        Arguments.of(
            "key-prefix: 'a{b}'\n",
            new String[] {"'key-prefix' is 'a{b}'; allowed: a non-empty text without '{' or '}'"}),
        Arguments.of(
            "key-prefix: ''\n", new String[] {"'key-prefix' is ''; allowed: a non-empty text"}),
        Arguments.of(
            "codec:\n  name: 'k ryo'\n",
            new String[] {"'codec.name' is 'k ryo'; allowed: a codec name"}),
        Arguments.of(
            "codec:\n  allow: [com..x]\n",
            new String[] {"'codec.allow' is 'com..x'; allowed: class-name patterns"}),
        Arguments.of(
            "codec:\n  register: [com.nope.Type]\n",
            new String[] {"'codec.register' is 'com.nope.Type'", "class not found"}),
        Arguments.of(
            "redis:\n  password: ${NOPE_PASSWORD}\n",
            new String[] {
              "'redis.password' is '****'; allowed: a value whose ${NAME}",
              "'NOPE_PASSWORD' is neither a system property nor an environment variable"
            }),
        Arguments.of(
            "redis:\n  address: redis://a:1\n  address: redis://b:2\n",
            new String[] {
              "'redis.address' is 'address'; allowed: each setting once (it is given twice) (line 3)"
            }));
  }

  @ParameterizedTest
  @MethodSource("badYaml")
  void badYamlSetting(String yaml, String[] fragments) throws IOException {
    yamlError(yaml, fragments);
  }

  static Stream<Arguments> badProperties() {
    return Stream.of(
        Arguments.of(
            props("redis.mode", "foo"),
            new String[] {
              "nearcache configuration properties: setting 'redis.mode' is 'foo'; allowed: single,"
                  + " sentinel, cluster"
            }),
        Arguments.of(
            props("redis.adress", "redis://h:1"),
            new String[] {
              "nearcache configuration properties: setting 'redis.adress' is not a known setting"
                  + " (did you mean 'redis.address'?)"
            }),
        Arguments.of(
            props("rediss.address", "redis://h:1"),
            new String[] {
              "nearcache configuration properties: setting 'rediss.address' is not a known setting"
                  + " (did you mean 'redis.address'?); allowed at the top level: redis, key-prefix"
            }),
        Arguments.of(
            props("defaults.segments", "many"),
            new String[] {
              "nearcache configuration properties: setting 'defaults.segments' is 'many'; allowed: an"
                  + " integer from 1 to 16384"
            }),
        Arguments.of(
            props("caches..segments", "3"),
            new String[] {
              "nearcache configuration properties: setting 'caches..segments' is '3'; allowed: dotted"
            }),
        Arguments.of(
            props("caches.orders.near-cache.maximum-size", "-1"),
            new String[] {
              "properties: setting 'caches.orders.near-cache.maximum-size' is '-1'; allowed: an integer"
                  + " from 0 to"
            }),
        Arguments.of(
            props("redis.password", "${UNSET_SECRET}"),
            new String[] {
              "properties: setting 'redis.password' is '****'", "'UNSET_SECRET' is neither"
            }));
  }

  @ParameterizedTest
  @MethodSource("badProperties")
  void badPropertiesSetting(Properties properties, String[] fragments) {
    assertError(() -> loadProperties(properties), fragments);
  }

  @Test
  void propertyOverridingAFileNamesPropertiesAsTheSource() throws IOException {
    Path file = ConfigFixtures.write(dir, "ok.yaml", "redis:\n  address: redis://a:1\n");
    assertError(
        () -> SettingsLoader.load(file.toUri(), null, props("redis.timeout", "soon"), emptyEnv()),
        "nearcache configuration properties: setting 'redis.timeout' is 'soon'; allowed: a duration");
  }

  @Test
  void wrongTruststorePassword() throws IOException {
    Path store = TlsFixtures.emptyTrustStore(dir, "right");
    yamlError(
        "redis:\n  address: rediss://h:1\n  tls:\n    truststore: "
            + store.toUri()
            + "\n    truststore-password: wrong\n",
        "'redis.tls.truststore' is '" + store.toUri() + "'; allowed: a PKCS12 or JKS key store",
        "cannot read it");
  }

  @Test
  void notAKeyStore() throws IOException {
    Path junk = ConfigFixtures.write(dir, "junk.p12", "not a key store");
    yamlError(
        "redis:\n  address: rediss://h:1\n  tls:\n    truststore: " + junk + "\n",
        "'redis.tls.truststore' is '" + junk + "'",
        "cannot read it");
  }

  @Test
  void badPasswordValuesAreMaskedInMessages() throws IOException {
    CacheException e =
        yamlError(
            "redis:\n  password: [a, secretlist]\n",
            "'redis.password' is '****'; allowed: a single value");
    assertFalse(e.getMessage().contains("secretlist"));
  }

  @Test
  void unrelatedPropertiesAreIgnored() {
    loadProperties(
        props(
            "dummy.com",
            "goofy",
            "javax.cache.foo",
            "x",
            "hibernate.cache.use_second_level_cache",
            "1"));
  }

  @Test
  void nullClassLoaderAndUriAreAccepted() {
    SettingsLoader.load(URI.create("urn:x"), null, null, emptyEnv());
    SettingsLoader.load(null, null, new Properties(), emptyEnv());
  }
}
