package dev.nearcache.jcache.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import dev.nearcache.testing.TcpRelay;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fenced writes (docs/consistency.md, guarantee 8): a write whose caller saw it fail is never
 * applied later. Node S reaches Redis through a {@link TcpRelay}; the relay stalls, S writes and
 * gets a timeout; node W then writes the same key and is acknowledged; the relay releases and S's
 * held command reaches Redis — which refuses it (its deadline passed: Redis counts one more
 * NCFENCED error) instead of overwriting W's newer value. For every kind of write.
 */
class FencedWritesTest {
  static final long TIMEOUT_MILLIS = 1000;
  static RedisServer server;
  static TcpRelay relay;
  static CacheManager stalled;
  static CacheManager writer;
  static RespClient admin;

  static CacheManager node(String name, String address, long timeoutMillis) {
    Properties p = new Properties();
    p.setProperty("redis.address", address);
    p.setProperty("redis.timeout", timeoutMillis + "ms");
    p.setProperty("defaults.near-cache.reconciliation-interval", "100ms");
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("urn:fenced-" + name), FencedWritesTest.class.getClassLoader(), p);
  }

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    relay = TcpRelay.to(server);
    admin = server.client();
    stalled = node("s", relay.uri(), TIMEOUT_MILLIS);
    writer = node("w", server.uri(), TIMEOUT_MILLIS);
  }

  @AfterAll
  static void stop() {
    relay.release();
    stalled.close();
    writer.close();
    admin.close();
    relay.close();
    server.close();
  }

  static long fencedErrors() {
    String stats = admin.command("INFO", "errorstats");
    for (String line : stats.split("\r?\n", -1)) {
      if (line.startsWith("errorstat_NCFENCED:count=")) {
        return Long.parseLong(line.substring("errorstat_NCFENCED:count=".length()).trim());
      }
    }
    return 0;
  }

  private static int counter;

  /**
   * Runs {@code write} on S while the relay is stalled, expects it to fail, has W write "newer"
   * afterwards, releases the relay and checks that "newer" survives on every node and in Redis.
   */
  static void check(String kind, Consumer<Cache<String, String>> write) throws Exception {
    String name = "fenced-" + kind + "-" + counter++;
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    Cache<String, String> w = writer.createCache(name, config);
    Cache<String, String> s = stalled.createCache(name, config);
    w.put("k", "before");
    assertEquals("before", s.get("k"));
    long fencedBefore = fencedErrors();

    if (!kind.startsWith("invoke")) {
      relay.stall();
    }
    CacheException failure;
    try {
      CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> write.accept(s));
      try {
        attempt.get(TIMEOUT_MILLIS * 5, TimeUnit.MILLISECONDS);
        fail(kind + " succeeded although its connection was stalled");
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(e.getCause() instanceof CacheException, kind + ": " + e.getCause());
        failure = (CacheException) e.getCause();
      }
      // The caller has been told: another node now writes the key and is acknowledged.
      w.put("k", "newer");
    } finally {
      relay.release();
    }
    // The held command reaches Redis now: had it been applied, it would have replaced "newer".
    String onS = awaitReadable(s);
    Thread.sleep(300);
    assertEquals("newer", w.get("k"), kind + ": the newer acknowledged write survived (writer)");
    assertEquals("newer", onS, kind + ": the newer acknowledged write survived (stalled node)");
    assertEquals(
        "newer",
        s.get("k"),
        kind + ": the newer acknowledged write survived (stalled node, later)");
    long deadline = System.currentTimeMillis() + 5_000;
    while (fencedErrors() == fencedBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(
        fencedErrors() > fencedBefore,
        kind + ": Redis refused the late command (errorstat_NCFENCED)");
    assertTrue(
        failure.getMessage().contains("did not reply within 1000 ms")
            && failure
                .getMessage()
                .contains("it may have been applied before its deadline, never after it"),
        kind + ": the error says what the caller can rely on: " + failure.getMessage());
    writer.destroyCache(name);
    stalled.destroyCache(name);
  }

  /** S's connections recover after the stall; its first reads may still time out. */
  static String awaitReadable(Cache<String, String> s) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try {
        return s.get("k");
      } catch (CacheException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "put",
        "getAndPut",
        "putIfAbsent",
        "replace",
        "replaceIfEquals",
        "remove",
        "removeIfEquals",
        "getAndRemove",
        "putAll",
        "removeAllKeys",
        "invokeSet",
        "invokeRemove"
      })
  void aWriteTheCallerSawFailIsNeverAppliedLater(String kind) throws Exception {
    check(
        kind,
        cache -> {
          switch (kind) {
            case "put" -> cache.put("k", "stalled");
            case "getAndPut" -> cache.getAndPut("k", "stalled");
            case "putIfAbsent" -> cache.putIfAbsent("k", "stalled");
            case "replace" -> cache.replace("k", "stalled");
            case "replaceIfEquals" -> cache.replace("k", "before", "stalled");
            case "remove" -> cache.remove("k");
            case "removeIfEquals" -> cache.remove("k", "before");
            case "getAndRemove" -> cache.getAndRemove("k");
            case "putAll" -> cache.putAll(Map.of("k", "stalled", "k2", "stalled"));
            case "removeAllKeys" -> cache.removeAll(Set.of("k"));
            // A processor reads first (through the connection), then commits: the stall begins in
            // between, so it is the commit that is held.
            case "invokeSet" ->
                cache.invoke(
                    "k",
                    (entry, args) -> {
                      relay.stall();
                      entry.setValue("stalled");
                      return null;
                    });
            case "invokeRemove" ->
                cache.invoke(
                    "k",
                    (entry, args) -> {
                      relay.stall();
                      entry.remove();
                      return null;
                    });
            default -> throw new IllegalArgumentException(kind);
          }
        });
  }
}
