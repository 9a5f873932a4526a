package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.near.NearCacheSettings;
import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryRemovedListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node A allows a key class that node B does not (A stored the keys): B's {@code clear()} and
 * {@code removeAll()} (Spring's {@code Cache#clear}) still remove every entry, from Redis and from
 * both near tiers, since neither decodes keys when nothing needs them. With a listener of removals
 * (or a writer), removeAll() must hand over every key, so B refuses and removes nothing.
 */
class ClearForeignKeysTest {
  /**
   * Allowed on node A only (A's codec.allow: dev.nearcache.jcache.**; B allows nothing beyond the
   * JDK).
   */
  record ForeignKey(String id) {}

  private RedisFixture redis;
  private CacheManager nodeA;
  private CacheManager nodeB;

  @BeforeEach
  void start() {
    redis = new RedisFixture();
    nodeA = redis.newNode("a");
    Properties jdkOnly = new Properties();
    jdkOnly.setProperty("redis.address", redis.server().uri());
    nodeB =
        new NearCachingProvider()
            .getCacheManager(URI.create("urn:test-b"), getClass().getClassLoader(), jdkOnly);
  }

  @AfterEach
  void stop() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  private static MutableConfiguration<Object, String> config(boolean nearTier) {
    RedisCacheConfiguration<Object, String> config = new RedisCacheConfiguration<>();
    if (!nearTier) {
      config.setNearCache(NearCacheSettings.DISABLED);
    }
    return config;
  }

  /** A's entries, read on both nodes so that their near tiers hold what they can. */
  private void fill(Cache<Object, String> a, Cache<Object, String> b) {
    for (int i = 0; i < 5; i++) {
      a.put(new ForeignKey("f" + i), "foreign " + i);
      a.put("s" + i, "shared " + i);
      assertEquals("foreign " + i, a.get(new ForeignKey("f" + i)));
      assertEquals("shared " + i, a.get("s" + i));
      assertEquals("shared " + i, b.get("s" + i));
    }
  }

  private void assertEmptyOnBothNodes(Cache<Object, String> a, Cache<Object, String> b) {
    // This node's own near tier is cleared before the call returns.
    for (int i = 0; i < 5; i++) {
      assertNull(b.get("s" + i), "node b still serves s" + i);
    }
    // The other node's near tier learns of it from the change messages.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (int i = 0; i < 5; i++) {
      Object foreign = new ForeignKey("f" + i);
      Object shared = "s" + i;
      while ((a.get(foreign) != null || a.get(shared) != null) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertNull(a.get(foreign), "node a still serves f" + i);
      assertNull(a.get(shared), "node a still serves s" + i);
    }
    try (RespClient admin = redis.server().client()) {
      assertEquals(
          List.of(),
          RespClient.asList(admin.call("KEYS", "nc:{foreign#*}k*")),
          "entries left in Redis");
    }
  }

  private void removesEverything(boolean nearTier, Consumer<Cache<Object, String>> clearing) {
    Cache<Object, String> a = nodeA.createCache("foreign", config(nearTier));
    Cache<Object, String> b = nodeB.createCache("foreign", config(nearTier));
    fill(a, b);
    CacheException refused = assertThrows(CacheException.class, () -> b.get(new ForeignKey("f0")));
    assertTrue(refused.getMessage().contains(ForeignKey.class.getName()), refused.getMessage());

    clearing.accept(b);

    assertEmptyOnBothNodes(a, b);
  }

  @ParameterizedTest(name = "near tier {0}")
  @ValueSource(booleans = {true, false})
  void removeAllOnANodeThatCannotDecodeTheKeysRemovesThem(boolean nearTier) {
    removesEverything(nearTier, Cache::removeAll);
  }

  @ParameterizedTest(name = "near tier {0}")
  @ValueSource(booleans = {true, false})
  void clearOnANodeThatCannotDecodeTheKeysRemovesThem(boolean nearTier) {
    removesEverything(nearTier, Cache::clear);
  }

  /** Does nothing: that a listener of removals is registered is what matters. */
  public static final class RemovalListener
      implements CacheEntryRemovedListener<Object, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onRemoved(
        Iterable<javax.cache.event.CacheEntryEvent<?, ? extends String>> events) {}
  }

  @ParameterizedTest(name = "near tier {0}")
  @ValueSource(booleans = {true, false})
  void removeAllWithAListenerOfRemovalsRefusesAKeyItCannotDecodeAndRemovesNothing(
      boolean nearTier) {
    Cache<Object, String> a = nodeA.createCache("foreign", config(nearTier));
    Cache<Object, String> b = nodeB.createCache("foreign", config(nearTier));
    fill(a, b);
    b.registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new RemovalListener()), null, false, true));

    CacheException e = assertThrows(CacheException.class, b::removeAll);

    assertTrue(
        e.getMessage()
            .startsWith(
                "Cache 'foreign': removeAll() removed nothing: it found a key of class "
                    + ForeignKey.class.getName()),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("its listeners of removals must be given every removed key"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("add " + ForeignKey.class.getName() + " to codec.allow"),
        e.getMessage());
    for (int i = 0; i < 5; i++) {
      assertEquals("foreign " + i, a.get(new ForeignKey("f" + i)));
      assertEquals("shared " + i, b.get("s" + i));
    }

    b.clear(); // never needs the keys: no listener or writer is called
    assertEmptyOnBothNodes(a, b);
  }
}
