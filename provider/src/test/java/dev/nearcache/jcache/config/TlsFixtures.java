package dev.nearcache.jcache.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Makes key stores for the TLS tests (public for SettingsTableTest, in the internal config
 * package).
 */
public final class TlsFixtures {
  private TlsFixtures() {}

  /** An empty PKCS12 store protected by {@code password}. */
  public static Path emptyTrustStore(Path dir, String password) throws IOException {
    Path file = dir.resolve("truststore-" + System.nanoTime() + ".p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.store(out, password.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    return file;
  }
}
