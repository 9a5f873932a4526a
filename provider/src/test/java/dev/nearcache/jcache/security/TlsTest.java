package dev.nearcache.jcache.security;

import static dev.nearcache.jcache.security.SecuritySupport.describe;
import static dev.nearcache.jcache.security.SecuritySupport.entryKeys;
import static dev.nearcache.jcache.security.SecuritySupport.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a real redis-server ({@code --tls-port}), with certificates made at test time. The server
 * keeps its plain port too: RedisServer waits for PING there, and the test's admin client uses it
 * to look at what the provider did; the provider only ever talks to the TLS port.
 */
@Timeout(180)
class TlsTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir static Path dir;
  static TlsMaterial tls;

  /** Names 127.0.0.1 and localhost. */
  static TlsMaterial.ServerFiles localServer;

  /** Names only elsewhere.example. */
  static TlsMaterial.ServerFiles otherHostServer;

  static Path clientKeystore;

  @BeforeAll
  static void makeCertificates() throws Exception {
    tls = TlsMaterial.create(dir);
    localServer = tls.server("local-server", "ip:127.0.0.1,dns:localhost");
    otherHostServer = tls.server("elsewhere-server", "dns:elsewhere.example");
    clientKeystore = tls.clientKeystore("client");
  }

  /** A started TLS server and its TLS port. */
  record TlsServer(RedisServer redis, int tlsPort) implements AutoCloseable {
    String tlsAddress() {
      return "rediss://127.0.0.1:" + tlsPort;
    }

    @Override
    public void close() {
      redis.close();
    }
  }

  private static TlsServer startTls(TlsMaterial.ServerFiles files, boolean authClients) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int tlsPort = freePort();
      try {
        RedisServer redis =
            RedisServer.start(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", files.certificate().toString(),
                "--tls-key-file", files.privateKey().toString(),
                "--tls-ca-cert-file", tls.caPem.toString(),
                "--tls-auth-clients", authClients ? "yes" : "no");
        return new TlsServer(redis, tlsPort);
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          fail(
              "redis-server "
                  + RedisServer.defaultBinary()
                  + " could not start with TLS. If the binary lacks"
                  + " TLS support (the one bundled with org.signal:embedded-redis does), install Debian's redis-server"
                  + " (apt-get install redis-server; the project's .ci/run does this) or point -D"
                  + RedisServer.BINARY_PROPERTY
                  + " at a TLS-capable build.\n"
                  + e.getMessage(),
              e);
        }
        last = e;
      }
    }
    throw last;
  }

  // 127.0.0.1, not getLoopbackAddress(): the servers bind IPv4 loopback, which that may not be
  // (::1).
  @SuppressWarnings("AddressSelection")
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties properties(String address, String... more) {
    Properties p = SecuritySupport.properties(more);
    p.setProperty("redis.address", address);
    p.setProperty("redis.timeout", "3s");
    p.setProperty("redis.connect-timeout", "3s");
    return p;
  }

  /** Short timeouts for a connection that is meant to fail (Redisson retries each attempt). */
  private static Properties quick(Properties p) {
    p.setProperty("redis.timeout", "1s");
    p.setProperty("redis.connect-timeout", "1s");
    return p;
  }

  private static Properties trusting(String address, String... more) {
    Properties p = properties(address, more);
    p.setProperty("redis.tls.truststore", tls.truststore.toString());
    p.setProperty("redis.tls.truststore-password", TlsMaterial.STORE_PASSWORD);
    return p;
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static void roundTrip(CacheManager manager) {
    Cache<String, String> cache = manager.createCache("secure", strings());
    cache.put("k", "over tls");
    assertEquals("over tls", cache.get("k"));
  }

  /**
   * Opening the manager must fail with a CacheException, within {@link #BOUND}: the provider
   * connects before it hands a manager out.
   */
  private static CacheException failsToOpen(String name, Properties properties) {
    return assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            CacheManager manager = node(name, properties);
            try {
              roundTrip(manager);
            } finally {
              manager.close();
            }
            fail("the connection worked");
            return null;
          } catch (CacheException expected) {
            return expected;
          } catch (RuntimeException other) {
            fail("expected a CacheException, got " + describe(other), other);
            return null;
          }
        });
  }

  /** Proof that the provider's connections arrived on the TLS port. */
  private static void assertConnectedOn(TlsServer server) {
    try (RespClient admin = server.redis().client()) {
      String clients = admin.command("CLIENT", "LIST");
      assertTrue(
          clients.contains("laddr=127.0.0.1:" + server.tlsPort()),
          "no client connected to the TLS port " + server.tlsPort() + ":\n" + clients);
    }
  }

  @Test
  void putAndGetWorkOverTlsWithTheHostNameVerified() {
    try (TlsServer server = startTls(localServer, false)) {
      CacheManager manager =
          node("a", trusting(server.tlsAddress(), "redis.tls.verify-hostname", "true"));
      try {
        roundTrip(manager);
        assertConnectedOn(server);
        try (RespClient admin = server.redis().client()) {
          assertEquals(1, entryKeys(admin, "secure").size());
        }
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void aPlainConnectionToTheTlsPortFails() {
    try (TlsServer server = startTls(localServer, false)) {
      CacheException e =
          failsToOpen("a", quick(properties("redis://127.0.0.1:" + server.tlsPort())));
      assertTrue(
          e.getMessage()
              .startsWith("cannot connect to Redis at redis://127.0.0.1:" + server.tlsPort()),
          e.getMessage());
    }
  }

  @Test
  void aServerCertificateFromAnUntrustedCaFails() {
    try (TlsServer server = startTls(localServer, false)) {
      // No trust store: the JDK's default CAs, which do not include the test CA.
      CacheException e = failsToOpen("a", properties(server.tlsAddress()));
      assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
    }
  }

  @Test
  void aCertificateForAnotherHostFailsUnlessHostNameVerificationIsOff() {
    try (TlsServer server = startTls(otherHostServer, false)) {
      failsToOpen("strict", trusting(server.tlsAddress()));
      CacheManager lenient =
          node("lenient", trusting(server.tlsAddress(), "redis.tls.verify-hostname", "false"));
      try {
        roundTrip(lenient);
        assertConnectedOn(server);
      } finally {
        lenient.close();
      }
    }
  }

  @Test
  void mutualTlsNeedsTheClientKeystore() {
    try (TlsServer server = startTls(localServer, true)) {
      failsToOpen("without", quick(trusting(server.tlsAddress())));
      CacheManager withKey =
          node(
              "with",
              trusting(
                  server.tlsAddress(),
                  "redis.tls.keystore",
                  clientKeystore.toString(),
                  "redis.tls.keystore-password",
                  TlsMaterial.STORE_PASSWORD));
      try {
        roundTrip(withKey);
        assertConnectedOn(server);
      } finally {
        withKey.close();
      }
    }
  }

  @Test
  void theGeneratedFilesAreWhatRedisNeeds() throws Exception {
    // Guards the fixture itself: PEM certificate chain to the CA, IP SAN present.
    java.security.cert.X509Certificate leaf =
        (java.security.cert.X509Certificate) TlsMaterial.readCertificate(localServer.certificate());
    java.security.cert.X509Certificate ca =
        (java.security.cert.X509Certificate) TlsMaterial.readCertificate(tls.caPem);
    leaf.verify(ca.getPublicKey());
    assertTrue(
        leaf.getSubjectAlternativeNames().stream()
            .anyMatch(san -> List.of(7, "127.0.0.1").equals(san)),
        "no IP SAN 127.0.0.1: " + leaf.getSubjectAlternativeNames());
    assertTrue(
        java.nio.file.Files.readString(localServer.privateKey())
            .startsWith("-----BEGIN PRIVATE KEY-----"));
  }
}
