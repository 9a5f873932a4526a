package dev.nearcache.jcache.config;

import dev.nearcache.jcache.config.Locations.LocationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.redisson.config.Config;

/** Binds the {@code redis:} section. */
final class RedisSettingsBinder {
  static final List<String> KEYS = List.of("mode", "address", "addresses", "master-name", "database", "username",
      "password", "client-name", "timeout", "connect-timeout", "connection-pool-size",
      "connection-minimum-idle-size", "subscription-connection-pool-size", "threads", "tls", "redisson-config",
      "wait-for-replicas", "wait-timeout", "max-entry-size");
  /** Not connection settings: allowed next to 'redisson-config'. */
  private static final List<String> OWN_KEYS = List.of("wait-for-replicas", "wait-timeout", "max-entry-size");
  static final List<String> TLS_KEYS =
      List.of("truststore", "truststore-password", "keystore", "keystore-password", "verify-hostname");

  private static final Map<String, RedisMode> MODES = modes();
  private static final String ADDRESS = "redis://host:port, or rediss://host:port for TLS";
  private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  private RedisSettingsBinder() {}

  private static Map<String, RedisMode> modes() {
    Map<String, RedisMode> modes = new LinkedHashMap<>();
    for (RedisMode mode : RedisMode.values()) {
      modes.put(mode.configName(), mode);
    }
    return modes;
  }

  static RedisSettings bind(Optional<ConfigNode> section, ClassLoader classLoader) {
    if (section.isEmpty()) {
      return RedisSettings.DEFAULTS;
    }
    ConfigNode node = section.get();
    Optional<String> redissonConfig = node.text("redisson-config");
    if (redissonConfig.isPresent()) {
      return withWait(node, withRedissonConfig(node, redissonConfig.get(), classLoader));
    }
    RedisMode mode = node.choice("mode", MODES).orElse(RedisMode.SINGLE);
    String address = null;
    List<String> addresses = List.of();
    if (mode == RedisMode.SINGLE) {
      rejectUnless(node, "addresses", "nothing in single mode (use 'redis.address', or set 'redis.mode')");
      address = node.text("address").map(a -> address(node, "address", a)).orElse(RedisSettings.DEFAULT_ADDRESS);
    } else {
      rejectUnless(node, "address",
          "nothing in " + mode.configName() + " mode (use 'redis.addresses', a list of " + ADDRESS + ")");
      addresses = node.list("addresses").orElseThrow(() -> node.missing("addresses",
          "one or more addresses (" + ADDRESS + "), required in " + mode.configName() + " mode"));
      List<String> checked = new ArrayList<>();
      for (String each : addresses) {
        checked.add(address(node, "addresses", each));
      }
      addresses = List.copyOf(checked);
    }
    String masterName = null;
    if (mode == RedisMode.SENTINEL) {
      masterName = node.text("master-name").orElseThrow(() -> node.missing("master-name",
          "the name of the master the sentinels watch, required in sentinel mode"));
    } else {
      rejectUnless(node, "master-name", "nothing in " + mode.configName() + " mode (only with mode sentinel)");
    }
    int database = node.integer("database", 0, 65535).orElse(0);
    if (mode == RedisMode.CLUSTER && database != 0) {
      throw node.invalid("database", String.valueOf(database), "0 in cluster mode (Redis Cluster has one database)");
    }
    int poolSize = node.integer("connection-pool-size", 1, 10_000).orElse(RedisSettings.DEFAULT_CONNECTION_POOL_SIZE);
    int minimumIdle = node.integer("connection-minimum-idle-size", 0, poolSize)
        .orElse(Math.min(RedisSettings.DEFAULT_CONNECTION_MINIMUM_IDLE_SIZE, poolSize));
    List<String> nodes = mode == RedisMode.SINGLE ? List.of(address) : addresses;
    TlsSettings tls = tls(node, RedisSettings.anyTls(nodes), classLoader);
    return withWait(node, new RedisSettings(
        mode,
        address,
        addresses,
        masterName,
        database,
        node.text("username").orElse(null),
        node.text("password").orElse(null),
        node.text("client-name").orElse(null),
        node.duration("timeout", Duration.ofMillis(1), MAX_TIMEOUT).orElse(RedisSettings.DEFAULT_TIMEOUT),
        node.duration("connect-timeout", Duration.ofMillis(1), MAX_TIMEOUT)
            .orElse(RedisSettings.DEFAULT_CONNECT_TIMEOUT),
        poolSize,
        minimumIdle,
        node.integer("subscription-connection-pool-size", 1, 10_000)
            .orElse(RedisSettings.DEFAULT_SUBSCRIPTION_CONNECTION_POOL_SIZE),
        node.integer("threads", 0, 1024).orElse(0),
        tls,
        null,
        EntrySizes.maxEntrySize(node)));
  }

  /**
   * Binds 'wait-for-replicas' and 'wait-timeout'. A timeout without a number of replicas is an
   * error rather than ignored: whoever set it expects writes to wait.
   */
  private static RedisSettings withWait(ConfigNode node, RedisSettings settings) {
    int replicas = node.integer("wait-for-replicas", 0, 1_000).orElse(0);
    if (replicas == 0) {
      rejectUnless(node, "wait-timeout", "nothing unless 'redis.wait-for-replicas' is at least 1 (writes wait for"
          + " no replica)");
      return settings;
    }
    Duration timeout = node.duration("wait-timeout", Duration.ofMillis(1), MAX_TIMEOUT)
        .orElse(RedisSettings.DEFAULT_WAIT_TIMEOUT);
    return settings.withWaitForReplicas(replicas, timeout);
  }

  private static RedisSettings withRedissonConfig(ConfigNode node, String location, ClassLoader classLoader) {
    for (String key : node.keys()) {
      // wait-* and max-entry-size are this library's own, not connection settings: they stay allowed.
      if (!key.equals("redisson-config") && !OWN_KEYS.contains(key) && node.isGiven(key)) {
        throw node.invalid(key, node.rawText(key), "nothing when 'redis.redisson-config' is set"
            + " (Redisson's file supplies the whole connection; remove one of the two)");
      }
    }
    String allowed = "a Redisson YAML configuration file: " + Locations.ALLOWED;
    URL url;
    try {
      url = Locations.resolve(location, classLoader);
      Config.fromYAML(Locations.read(url));
    } catch (LocationException e) {
      throw node.invalid("redisson-config", location, allowed + " (" + e.getMessage() + ")", e);
    } catch (IOException | RuntimeException e) {
      throw node.invalid("redisson-config", location,
          allowed + " (Redisson cannot read it: " + firstLine(e.getMessage()) + ")", e);
    }
    RedisSettings d = RedisSettings.DEFAULTS;
    return new RedisSettings(d.mode(), d.address(), d.addresses(), null, 0, null, null, null, d.timeout(),
        d.connectTimeout(), d.connectionPoolSize(), d.connectionMinimumIdleSize(),
        d.subscriptionConnectionPoolSize(), 0, TlsSettings.DEFAULTS, url, EntrySizes.maxEntrySize(node));
  }

  private static TlsSettings tls(ConfigNode parent, boolean usesTls, ClassLoader classLoader) {
    Optional<ConfigNode> section = parent.section("tls", TLS_KEYS);
    if (section.isEmpty()) {
      return TlsSettings.DEFAULTS;
    }
    ConfigNode node = section.get();
    if (!usesTls) {
      for (String key : node.keys()) {
        if (node.isGiven(key)) {
          throw node.invalid(key, node.rawText(key), "nothing unless an address is rediss:// (TLS settings"
              + " apply only to TLS connections)");
        }
      }
    }
    String truststorePassword = node.text("truststore-password").orElse(null);
    String keystorePassword = node.text("keystore-password").orElse(null);
    URL truststore = node.text("truststore").map(t -> store(node, "truststore", t, truststorePassword, classLoader))
        .orElse(null);
    URL keystore = node.text("keystore").map(k -> store(node, "keystore", k, keystorePassword, classLoader))
        .orElse(null);
    return new TlsSettings(truststore, truststorePassword, keystore, keystorePassword,
        node.bool("verify-hostname").orElse(true));
  }

  /** Resolves a key store and checks it opens with its password, so a bad one fails at start-up. */
  private static URL store(ConfigNode node, String key, String location, String password, ClassLoader classLoader) {
    String allowed = "a PKCS12 or JKS key store readable with '" + node.path(key) + "-password': "
        + Locations.ALLOWED;
    URL url;
    try {
      url = Locations.resolve(location, classLoader);
    } catch (LocationException e) {
      throw node.invalid(key, location, allowed + " (" + e.getMessage() + ")", e);
    }
    try (InputStream in = Locations.open(url)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, password == null ? null : password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw node.invalid(key, location, allowed + " (cannot read it: " + e.getMessage() + ")", e);
    }
    return url;
  }

  private static String address(ConfigNode node, String key, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("redis") || scheme.equals("rediss")) && uri.getHost() != null
          && uri.getPort() > 0 && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
        return text;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw node.invalid(key, text, ADDRESS);
  }

  private static void rejectUnless(ConfigNode node, String key, String allowed) {
    if (node.isGiven(key)) {
      throw node.invalid(key, node.rawText(key), allowed);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
