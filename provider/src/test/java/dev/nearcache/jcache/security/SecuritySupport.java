package dev.nearcache.jcache.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * Helpers shared by the security tests: nodes (managers with their own provider), Redis keys,
 * messages.
 */
final class SecuritySupport {
  /** The default key prefix (SettingsTable.Codec.KEY_PREFIX's default). */
  static final String PREFIX = "nc:";

  private SecuritySupport() {}

  /** Properties from alternating names and values. */
  static Properties properties(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Properties p = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      p.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return p;
  }

  /** A node: its own provider instance, so its own manager and its own Redis connections. */
  static CacheManager node(String name, Properties properties) {
    return node(name, SecuritySupport.class.getClassLoader(), properties);
  }

  static CacheManager node(String name, ClassLoader loader, Properties properties) {
    return new NearCachingProvider()
        .getCacheManager(URI.create("urn:test-" + name), loader, properties);
  }

  static void closeAll(AutoCloseable... closeables) {
    RuntimeException failure = null;
    for (AutoCloseable c : closeables) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new RuntimeException("closing " + c + " failed", e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The Redis keys of the entries of one cache ({@code nc:{<cache>#<segment>}k<encoded key>}). */
  static List<String> entryKeys(RespClient client, String cache) {
    List<String> keys = new ArrayList<>();
    for (Object key : RespClient.asList(client.call("KEYS", PREFIX + "{" + cache + "#*}k*"))) {
      keys.add((String) key);
    }
    return keys;
  }

  /** The Redis key of the entry of a String key (encoded as tag 0x01 then UTF-8). */
  static List<String> entryKeysOf(RespClient client, String cache, String stringKey) {
    List<String> keys = new ArrayList<>();
    for (Object key :
        RespClient.asList(client.call("KEYS", PREFIX + "{" + cache + "#*}k\u0001" + stringKey))) {
      keys.add((String) key);
    }
    return keys;
  }

  /** Asserts that the message of {@code e} contains every fragment. */
  static void assertMessageNames(Throwable e, String... fragments) {
    String message = String.valueOf(e.getMessage());
    for (String fragment : fragments) {
      assertTrue(
          message.contains(fragment),
          () -> "expected the message to name '" + fragment + "' but it is: " + message);
    }
  }

  /**
   * Runs {@code assertion} until it passes or 10 s are over (other nodes learn of a change by a
   * message that arrives a little later).
   */
  static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** The whole cause chain, for failure messages. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(sb.length() == 0 ? "" : " <- caused by ").append(t);
    }
    return sb.toString();
  }
}
