package dev.nearcache.jcache.config;

import dev.nearcache.jcache.internal.config.SettingErrors;
import dev.nearcache.jcache.internal.config.SettingsTable;
import java.net.URL;

/**
 * TLS settings, used when an address is {@code rediss://}. Without a trust store the JDK's default
 * trust applies.
 *
 * @param truststore the trust store (PKCS12 or JKS), or null
 * @param truststorePassword its password, or null
 * @param keystore the client key store for mutual TLS, or null
 * @param keystorePassword its password, or null
 * @param verifyHostname whether the server's certificate must name the host (otherwise only the
 *     certificate chain is checked)
 */
public record TlsSettings(
    URL truststore,
    String truststorePassword,
    URL keystore,
    String keystorePassword,
    boolean verifyHostname) {

  /** No stores, host names verified. */
  public static final TlsSettings DEFAULTS =
      new TlsSettings(
          null, null, null, null, SettingsTable.Redis.TLS_VERIFY_HOSTNAME.defaultValue());

  @Override
  public String toString() {
    return "TlsSettings[truststore="
        + truststore
        + ", truststorePassword="
        + mask(truststorePassword)
        + ", keystore="
        + keystore
        + ", keystorePassword="
        + mask(keystorePassword)
        + ", verifyHostname="
        + verifyHostname
        + "]";
  }

  static String mask(String secret) {
    return secret == null ? null : SettingErrors.MASK;
  }
}
