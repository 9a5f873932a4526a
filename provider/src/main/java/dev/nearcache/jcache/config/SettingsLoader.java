package dev.nearcache.jcache.config;

import dev.nearcache.jcache.internal.config.BoundSettings;
import dev.nearcache.jcache.internal.config.Environment;
import dev.nearcache.jcache.internal.config.SettingsReader;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * Reads a cache manager's settings.
 *
 * <p>The URI decides where the YAML comes from: {@code file:} names a file, {@code
 * jar:file:...!/path} an entry of a jar, {@code classpath:path} a resource of the class loader
 * (then of the thread's context class loader); these must exist. {@link #DEFAULT_URI} and every
 * other URI (an opaque name such as {@code urn:my-app}, a name without a scheme) use default
 * resolution: the file named by system property {@code nearcache.config} (a path or a
 * file:/classpath:/jar: URI), else by environment variable {@code NEARCACHE_CONFIG}, else resource
 * {@code nearcache.yaml} on the class path when present, else the built-in defaults.
 *
 * <p>{@code properties} (may be null) then override the file. Their keys are the YAML paths joined
 * with dots ({@code redis.address}, {@code redis.tls.truststore}, {@code
 * defaults.near-cache.maximum-size}, {@code caches.orders.expiry.duration}); lists such as {@code
 * codec.allow} or {@code redis.addresses} are comma-separated. Because keys are split on dots, a
 * cache named through properties cannot contain a dot (define such caches in YAML). Keys whose
 * first part is not one of {@code redis}, {@code key-prefix}, {@code codec}, {@code defaults},
 * {@code caches} are left alone (JCache passes the same properties to every provider), unless the
 * first part is a likely misspelling of one, which is an error.
 *
 * <p>Values in both may use {@code ${NAME}} or {@code ${NAME:default}}, replaced with a system
 * property, else an environment variable (<code>$${</code> is a literal <code>${</code>). An empty
 * value means "not set".
 *
 * <p>Every bad setting — unknown key, wrong type, bad duration or choice, out of range, class not
 * found or of the wrong type, conflicting settings, unreadable file — is a {@link CacheException}
 * whose message names the source, the setting's path, the bad value and what is allowed, e.g.
 * {@code nearcache configuration file:/etc/app/nearcache.yaml: setting 'redis.mode' is 'foo';
 * allowed: single, sentinel, cluster (line 2)}.
 */
public final class SettingsLoader {
  /** The provider's default URI: default resolution. */
  public static final URI DEFAULT_URI = URI.create("nearcache:default");

  /** The source of settings read from no file. */
  static final String BUILT_IN = SettingsReader.BUILT_IN;

  private SettingsLoader() {}

  /**
   * Reads a cache manager's settings: the YAML its URI leads to, overridden by {@code properties}.
   *
   * @param uri the manager's URI (null: the default)
   * @param classLoader resolves classpath: resources and class names (null: the thread's context
   *     class loader, else this library's)
   * @param properties overrides (may be null)
   * @throws CacheException when a file cannot be read or a setting is bad
   */
  public static ProviderSettings load(URI uri, ClassLoader classLoader, Properties properties) {
    return load(uri, classLoader, properties, Environment.system());
  }

  static ProviderSettings load(
      URI uri, ClassLoader classLoader, Properties properties, Environment environment) {
    BoundSettings bound = SettingsReader.read(uri, classLoader, properties, environment);
    return new ProviderSettings(
        bound.source(),
        bound.redis(),
        bound.keyPrefix(),
        bound.codec(),
        bound.defaults(),
        bound.caches(),
        bound.classLoader());
  }
}
