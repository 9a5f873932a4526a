package dev.nearcache.jcache.internal.config;

import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.ADDRESS;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.ADDRESSES;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.CLIENT_NAME;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.CONNECTION_MINIMUM_IDLE_SIZE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.CONNECTION_POOL_SIZE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.CONNECT_TIMEOUT;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.DATABASE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.GROUP;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.MASTER_NAME;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.MODE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.PASSWORD;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.REDISSON_CONFIG;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.SUBSCRIPTION_CONNECTION_POOL_SIZE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.THREADS;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.TIMEOUT;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.TLS_KEYSTORE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.TLS_KEYSTORE_PASSWORD;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.TLS_TRUSTSTORE;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.TLS_TRUSTSTORE_PASSWORD;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.TLS_VERIFY_HOSTNAME;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.USERNAME;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.WAIT_FOR_REPLICAS;
import static dev.nearcache.jcache.internal.config.SettingsTable.Redis.WAIT_TIMEOUT;

import dev.nearcache.jcache.config.RedisMode;
import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.jcache.config.TlsSettings;
import dev.nearcache.jcache.internal.config.Locations.LocationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.redisson.config.Config;

/**
 * Binds the {@code redis:} section; its keys, bounds and defaults are those of {@link
 * SettingsTable.Redis}.
 */
public final class RedisSettingsBinder {
  private static final String ADDRESS_FORM = "redis://host:port, or rediss://host:port for TLS";

  private RedisSettingsBinder() {}

  /**
   * Whether any of the addresses is {@code rediss://} (TLS); {@link RedisSettings#usesTls()} asks
   * it too.
   */
  public static boolean anyTls(List<String> addresses) {
    return addresses.stream().anyMatch(a -> a.regionMatches(true, 0, "rediss://", 0, 9));
  }

  static RedisSettings bind(Optional<ConfigNode> section, ClassLoader classLoader) {
    if (section.isEmpty()) {
      return RedisSettings.DEFAULTS;
    }
    ConfigNode node = section.get();
    Optional<String> redissonConfig = node.text(REDISSON_CONFIG);
    if (redissonConfig.isPresent()) {
      return withWait(node, withRedissonConfig(node, redissonConfig.get(), classLoader));
    }
    RedisMode mode = node.choice(MODE).orElse(MODE.defaultValue());
    String address = null;
    List<String> addresses = List.of();
    if (mode == RedisMode.SINGLE) {
      rejectUnless(
          node,
          ADDRESSES,
          "nothing in single mode (use '"
              + node.path(ADDRESS.key())
              + "', or set '"
              + node.path(MODE.key())
              + "')");
      address =
          node.text(ADDRESS).map(a -> address(node, ADDRESS, a)).orElse(ADDRESS.defaultValue());
    } else {
      rejectUnless(
          node,
          ADDRESS,
          "nothing in "
              + mode.configName()
              + " mode (use '"
              + node.path(ADDRESSES.key())
              + "', a list of "
              + ADDRESS_FORM
              + ")");
      addresses =
          node.list(ADDRESSES)
              .orElseThrow(
                  () ->
                      node.missing(
                          ADDRESSES.key(),
                          "one or more addresses ("
                              + ADDRESS_FORM
                              + "), required in "
                              + mode.configName()
                              + " mode"));
      List<String> checked = new ArrayList<>();
      for (String each : addresses) {
        checked.add(address(node, ADDRESSES, each));
      }
      addresses = List.copyOf(checked);
    }
    String masterName = null;
    if (mode == RedisMode.SENTINEL) {
      masterName =
          node.text(MASTER_NAME)
              .orElseThrow(
                  () ->
                      node.missing(
                          MASTER_NAME.key(),
                          "the name of the master the sentinels watch, required in sentinel mode"));
    } else {
      rejectUnless(
          node, MASTER_NAME, "nothing in " + mode.configName() + " mode (only with mode sentinel)");
    }
    int database = node.integer(DATABASE).orElse(DATABASE.defaultValue());
    if (mode == RedisMode.CLUSTER && database != 0) {
      throw node.invalid(
          DATABASE.key(),
          String.valueOf(database),
          "0 in cluster mode (Redis Cluster has one database)");
    }
    int poolSize = node.integer(CONNECTION_POOL_SIZE).orElse(CONNECTION_POOL_SIZE.defaultValue());
    // Never more idle connections than the pool holds: a small pool lowers the default too.
    int minimumIdle =
        node.integer(CONNECTION_MINIMUM_IDLE_SIZE, poolSize)
            .orElse(Math.min(CONNECTION_MINIMUM_IDLE_SIZE.defaultValue(), poolSize));
    List<String> nodes = mode == RedisMode.SINGLE ? List.of(address) : addresses;
    TlsSettings tls = tls(node, anyTls(nodes), classLoader);
    return withWait(
        node,
        new RedisSettings(
            mode,
            address,
            addresses,
            masterName,
            database,
            node.text(USERNAME).orElse(null),
            node.text(PASSWORD).orElse(null),
            node.text(CLIENT_NAME).orElse(null),
            node.duration(TIMEOUT).orElse(TIMEOUT.defaultValue()),
            node.duration(CONNECT_TIMEOUT).orElse(CONNECT_TIMEOUT.defaultValue()),
            poolSize,
            minimumIdle,
            node.integer(SUBSCRIPTION_CONNECTION_POOL_SIZE)
                .orElse(SUBSCRIPTION_CONNECTION_POOL_SIZE.defaultValue()),
            node.integer(THREADS).orElse(THREADS.defaultValue()),
            tls,
            null,
            EntrySizes.maxEntrySize(node)));
  }

  /**
   * Binds 'wait-for-replicas' and 'wait-timeout'. A timeout without a number of replicas is an
   * error rather than ignored: whoever set it expects writes to wait.
   */
  private static RedisSettings withWait(ConfigNode node, RedisSettings settings) {
    int replicas = node.integer(WAIT_FOR_REPLICAS).orElse(WAIT_FOR_REPLICAS.defaultValue());
    if (replicas == 0) {
      rejectUnless(
          node,
          WAIT_TIMEOUT,
          "nothing unless '"
              + node.path(WAIT_FOR_REPLICAS.key())
              + "' is at least 1"
              + " (writes wait for no replica)");
      return settings;
    }
    Duration timeout = node.duration(WAIT_TIMEOUT).orElse(WAIT_TIMEOUT.defaultValue());
    return settings.withWaitForReplicas(replicas, timeout);
  }

  private static RedisSettings withRedissonConfig(
      ConfigNode node, String location, ClassLoader classLoader) {
    // wait-* and max-entry-size are this library's own, not connection settings: they stay allowed.
    List<String> allowed =
        GROUP.settings().stream()
            .filter(s -> !s.connection())
            .map(s -> s.path().split("\\.", -1)[0])
            .toList();
    for (String key : node.keys()) {
      if (!allowed.contains(key) && node.isGiven(key)) {
        throw node.invalid(
            key,
            node.rawText(key),
            "nothing when '"
                + node.path(REDISSON_CONFIG.key())
                + "' is set"
                + " (Redisson's file supplies the whole connection; remove one of the two)");
      }
    }
    String file = "a Redisson YAML configuration file: " + Locations.ALLOWED;
    URL url;
    try {
      url = Locations.resolve(location, classLoader);
      Config.fromYAML(Locations.read(url));
    } catch (LocationException e) {
      throw node.invalid(REDISSON_CONFIG.key(), location, file + " (" + e.getMessage() + ")", e);
    } catch (IOException | RuntimeException e) {
      throw node.invalid(
          REDISSON_CONFIG.key(),
          location,
          file + " (Redisson cannot read it: " + firstLine(e.getMessage()) + ")",
          e);
    }
    RedisSettings d = RedisSettings.DEFAULTS;
    return new RedisSettings(
        d.mode(),
        d.address(),
        d.addresses(),
        null,
        0,
        null,
        null,
        null,
        d.timeout(),
        d.connectTimeout(),
        d.connectionPoolSize(),
        d.connectionMinimumIdleSize(),
        d.subscriptionConnectionPoolSize(),
        0,
        TlsSettings.DEFAULTS,
        url,
        EntrySizes.maxEntrySize(node));
  }

  private static TlsSettings tls(ConfigNode parent, boolean usesTls, ClassLoader classLoader) {
    Optional<ConfigNode> section = parent.section("tls", GROUP.keysUnder("tls"));
    if (section.isEmpty()) {
      return TlsSettings.DEFAULTS;
    }
    ConfigNode node = section.get();
    if (!usesTls) {
      for (String key : node.keys()) {
        if (node.isGiven(key)) {
          throw node.invalid(
              key,
              node.rawText(key),
              "nothing unless an address is rediss:// (TLS settings"
                  + " apply only to TLS connections)");
        }
      }
    }
    String truststorePassword = node.text(TLS_TRUSTSTORE_PASSWORD).orElse(null);
    String keystorePassword = node.text(TLS_KEYSTORE_PASSWORD).orElse(null);
    URL truststore =
        node.text(TLS_TRUSTSTORE)
            .map(
                t ->
                    store(
                        node,
                        TLS_TRUSTSTORE,
                        TLS_TRUSTSTORE_PASSWORD,
                        t,
                        truststorePassword,
                        classLoader))
            .orElse(null);
    URL keystore =
        node.text(TLS_KEYSTORE)
            .map(
                k ->
                    store(
                        node,
                        TLS_KEYSTORE,
                        TLS_KEYSTORE_PASSWORD,
                        k,
                        keystorePassword,
                        classLoader))
            .orElse(null);
    return new TlsSettings(
        truststore,
        truststorePassword,
        keystore,
        keystorePassword,
        node.bool(TLS_VERIFY_HOSTNAME).orElse(TLS_VERIFY_HOSTNAME.defaultValue()));
  }

  /** Resolves a key store and checks it opens with its password, so a bad one fails at start-up. */
  private static URL store(
      ConfigNode node,
      Setting<?, URL> setting,
      Setting<?, String> passwordSetting,
      String location,
      String password,
      ClassLoader classLoader) {
    String key = setting.key();
    String allowed =
        "a PKCS12 or JKS key store readable with '"
            + node.path(passwordSetting.key())
            + "': "
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

  private static String address(ConfigNode node, Setting<?, ?> setting, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("redis") || scheme.equals("rediss"))
          && uri.getHost() != null
          && uri.getPort() > 0
          && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
        return text;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw node.invalid(setting.key(), text, ADDRESS_FORM);
  }

  private static void rejectUnless(ConfigNode node, Setting<?, ?> setting, String allowed) {
    if (node.isGiven(setting.key())) {
      throw node.invalid(setting.key(), node.rawText(setting.key()), allowed);
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
