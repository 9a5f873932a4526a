package dev.nearcache.jcache.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for the TLS tests, made at test time with the running JDK's {@code keytool} (always
 * there, unlike openssl) and converted to the PEM files redis-server wants in Java: a CA, server
 * certificates signed by it, a client key store signed by it, and a trust store holding the CA.
 */
final class TlsMaterial {
  static final String STORE_PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

  final Path dir;
  final Path caPem;
  final Path truststore;

  private TlsMaterial(Path dir, Path caPem, Path truststore) {
    this.dir = dir;
    this.caPem = caPem;
    this.truststore = truststore;
  }

  /** A server's PEM certificate and PEM (PKCS#8) private key. */
  record ServerFiles(Path certificate, Path privateKey) {}

  /** Creates the CA and the trust store holding it. */
  static TlsMaterial create(Path dir) throws IOException, GeneralSecurityException {
    keytool(
        dir,
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=nearcache test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        "ca.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        dir,
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        STORE_PASSWORD,
        "-file",
        "ca.pem");
    Path caPem = dir.resolve("ca.pem");
    Path truststore = dir.resolve("truststore.p12");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("nearcache-test-ca", readCertificate(caPem));
    try (OutputStream out = Files.newOutputStream(truststore)) {
      trust.store(out, STORE_PASSWORD.toCharArray());
    }
    return new TlsMaterial(dir, caPem, truststore);
  }

  /**
   * A server certificate signed by the CA, naming {@code san} (keytool syntax: ip:127.0.0.1,dns:x).
   */
  ServerFiles server(String name, String san) throws IOException, GeneralSecurityException {
    Path store = signedKeyPair(name, "CN=" + name, san);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, STORE_PASSWORD.toCharArray());
    }
    Key key = ks.getKey(name, STORE_PASSWORD.toCharArray());
    Path keyPem = dir.resolve(name + "-key.pem");
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    return new ServerFiles(dir.resolve(name + ".pem"), keyPem);
  }

  /** A PKCS12 key store with a client key and its certificate chain (signed by the CA). */
  Path clientKeystore(String name) throws IOException, GeneralSecurityException {
    return signedKeyPair(name, "CN=" + name, null);
  }

  /**
   * Key pair in {@code <name>.p12}, certificate signed by the CA in {@code <name>.pem} and in the
   * store.
   */
  private Path signedKeyPair(String name, String dname, String san) throws IOException {
    String store = name + ".p12";
    keytool(
        dir,
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "2",
        "-keystore",
        store,
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        dir,
        "-certreq",
        "-alias",
        name,
        "-keystore",
        store,
        "-storepass",
        STORE_PASSWORD,
        "-file",
        name + ".csr");
    List<String> sign =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                STORE_PASSWORD,
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem",
                "-validity",
                "2"));
    if (san != null) {
      sign.add("-ext");
      sign.add("san=" + san);
    }
    keytool(dir, sign.toArray(String[]::new));
    // The reply needs the CA in the store to form a chain.
    keytool(
        dir,
        "-importcert",
        "-noprompt",
        "-trustcacerts",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        store,
        "-storepass",
        STORE_PASSWORD);
    keytool(
        dir,
        "-importcert",
        "-noprompt",
        "-alias",
        name,
        "-file",
        name + ".pem",
        "-keystore",
        store,
        "-storepass",
        STORE_PASSWORD);
    return dir.resolve(store);
  }

  static Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The keytool next to the running java binary (or in java.home). */
  static Path keytoolBinary() {
    Optional<String> command = ProcessHandle.current().info().command();
    if (command.isPresent()) {
      Path beside = Path.of(command.get()).resolveSibling("keytool");
      if (Files.isExecutable(beside)) {
        return beside;
      }
    }
    Path home = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (Files.isExecutable(home)) {
      return home;
    }
    throw new IllegalStateException(
        "keytool not found beside "
            + command.orElse("(unknown java)")
            + " nor in "
            + home.getParent()
            + "; the TLS tests need a full JDK");
  }

  private static void keytool(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(keytoolBinary().toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    try {
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool did not finish: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            "keytool failed (exit " + p.exitValue() + "): " + command + "\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
