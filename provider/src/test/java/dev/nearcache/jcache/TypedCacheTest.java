package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cache configured with types refuses keys and values of other classes at every entry point with
 * a ClassCastException naming the cache and both classes, and stores nothing; an untyped cache
 * takes anything.
 */
@Timeout(60)
class TypedCacheTest {
  static RedisFixture redis;
  static RespClient admin;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    admin = redis.server().client();
  }

  @AfterAll
  static void stop() {
    admin.close();
    redis.close();
  }

  private static CacheManager node(String name, boolean near, String... more) {
    Properties p = redis.properties();
    p.setProperty("defaults.near-cache.enabled", Boolean.toString(near));
    for (int i = 0; i < more.length; i += 2) {
      p.setProperty(more[i], more[i + 1]);
    }
    return new NearCachingProvider()
        .getCacheManager(URI.create("urn:typed-" + name), TypedCacheTest.class.getClassLoader(), p);
  }

  private static List<Object> entryKeys(String cache) {
    return RespClient.asList(admin.call("KEYS", "nc:{" + cache + "#*}k*"));
  }

  private static void assertRefused(String cacheName, String what, String actual, Runnable op) {
    ClassCastException e = assertThrows(ClassCastException.class, op::run);
    assertEquals(
        "Cache '" + cacheName + "' holds " + what + "s of java.lang.String, not " + actual,
        e.getMessage());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void assertEveryEntryPointRefuses(Cache raw, String name) {
    Consumer<Runnable> key = op -> assertRefused(name, "key", "java.lang.Integer", op);
    Consumer<Runnable> value = op -> assertRefused(name, "value", "java.lang.Integer", op);
    key.accept(() -> raw.get(1));
    key.accept(() -> raw.getAll(Set.of("a", 1)));
    key.accept(() -> raw.containsKey(1));
    key.accept(() -> raw.put(1, "v"));
    value.accept(() -> raw.put("k", 1));
    value.accept(() -> raw.getAndPut("k", 1));
    key.accept(() -> raw.putAll(Map.of(1, "v")));
    value.accept(() -> raw.putAll(Map.of("k", 1)));
    value.accept(() -> raw.putIfAbsent("k", 1));
    key.accept(() -> raw.remove(1));
    value.accept(() -> raw.remove("present", 1));
    key.accept(() -> raw.getAndRemove(1));
    value.accept(() -> raw.replace("present", 1));
    value.accept(() -> raw.replace("present", "p", 1));
    value.accept(() -> raw.replace("present", 1, "p"));
    value.accept(() -> raw.getAndReplace("present", 1));
    key.accept(() -> raw.removeAll(Set.of(1)));
    key.accept(() -> raw.invoke(1, (entry, args) -> null));
    key.accept(() -> raw.invokeAll(Set.of(1), (entry, args) -> null));
    key.accept(() -> raw.loadAll(Set.of(1), false, null));
    EntryProcessorException wrapped =
        assertThrows(
            EntryProcessorException.class,
            () ->
                raw.invoke(
                    "k",
                    (entry, args) -> {
                      entry.setValue(1);
                      return null;
                    }));
    ClassCastException cause = assertInstanceOf(ClassCastException.class, wrapped.getCause());
    assertEquals(
        "Cache '" + name + "' holds values of java.lang.String, not java.lang.Integer",
        cause.getMessage());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCacheWithTypesSetRefusesOtherClassesEverywhereAndStoresNothing(boolean near) {
    CacheManager manager = node("set-" + near, near);
    try {
      String name = "typed-" + near;
      Cache<String, String> cache =
          manager.createCache(
              name,
              new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("present", "p");
      assertEveryEntryPointRefuses(cache, name);
      assertEquals(1, entryKeys(name).size(), "something was stored: " + entryKeys(name));
      assertEquals("p", cache.get("present"));
    } finally {
      manager.close();
    }
  }

  /** A loader that erasure let return the wrong class: an Integer for a cache of Strings. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class WrongTypeLoader
      implements javax.cache.integration.CacheLoader, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object load(Object key) {
      return 42;
    }

    @Override
    public Map loadAll(Iterable keys) {
      Map<Object, Object> all = new java.util.LinkedHashMap<>();
      for (Object key : keys) {
        all.put(key, key.equals("fine") ? "a string" : (Object) 42);
      }
      return all;
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  @SuppressWarnings({"rawtypes", "unchecked"})
  void aLoaderThatReturnsAnotherClassFailsAsTheLoaderAndStoresNothing(boolean near)
      throws Exception {
    CacheManager manager = node("loader-" + near, near);
    try {
      String name = "typed-loader-" + near;
      MutableConfiguration<String, String> config =
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setReadThrough(true);
      config.setCacheLoaderFactory(
          (javax.cache.configuration.Factory)
              javax.cache.configuration.FactoryBuilder.factoryOf(new WrongTypeLoader()));
      Cache<String, String> cache = manager.createCache(name, config);
      String expected =
          "Cache '" + name + "' holds values of java.lang.String, not java.lang.Integer";
      javax.cache.integration.CacheLoaderException single =
          assertThrows(javax.cache.integration.CacheLoaderException.class, () -> cache.get("k"));
      assertEquals(
          expected, assertInstanceOf(ClassCastException.class, single.getCause()).getMessage());
      javax.cache.integration.CacheLoaderException bulk =
          assertThrows(
              javax.cache.integration.CacheLoaderException.class,
              () -> cache.getAll(Set.of("fine", "k")));
      assertEquals(
          expected, assertInstanceOf(ClassCastException.class, bulk.getCause()).getMessage());
      java.util.concurrent.CompletableFuture<Exception> loadAll =
          new java.util.concurrent.CompletableFuture<>();
      cache.loadAll(
          Set.of("fine", "k"),
          true,
          new javax.cache.integration.CompletionListener() {
            @Override
            public void onCompletion() {
              loadAll.complete(null);
            }

            @Override
            public void onException(Exception e) {
              loadAll.complete(e);
            }
          });
      assertInstanceOf(
          ClassCastException.class,
          loadAll.get(30, java.util.concurrent.TimeUnit.SECONDS).getCause());
      assertEquals(List.of(), entryKeys(name), "nothing was stored");
    } finally {
      manager.close();
    }
  }

  @Test
  void typesFromTheConfigurationFileAreCheckedToo() {
    CacheManager manager =
        node(
            "yaml",
            true,
            "caches.fromfile.key-type",
            "java.lang.String",
            "caches.fromfile.value-type",
            "java.lang.String");
    try {
      Cache<String, String> cache = manager.getCache("fromfile", String.class, String.class);
      cache.put("present", "p");
      assertEveryEntryPointRefuses(cache, "fromfile");
      assertEquals(1, entryKeys("fromfile").size());
    } finally {
      manager.close();
    }
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void anUntypedCacheTakesAnyClassAndASubclassFitsItsType() {
    CacheManager manager = node("untyped", true);
    try {
      Cache raw = manager.createCache("untyped", new MutableConfiguration<>());
      raw.put(1, 2);
      raw.put("k", 3L);
      assertEquals(2, raw.get(1));
      assertEquals(3L, raw.get("k"));
      Cache numbers =
          manager.createCache(
              "numbers",
              new MutableConfiguration<Object, Number>().setTypes(Object.class, Number.class));
      numbers.put("i", 1);
      numbers.put("d", 2.5);
      assertEquals(2.5, numbers.get("d"));
      ClassCastException e = assertThrows(ClassCastException.class, () -> numbers.put("s", "text"));
      assertTrue(
          e.getMessage().contains("holds values of java.lang.Number, not java.lang.String"),
          e.getMessage());
    } finally {
      manager.close();
    }
  }
}
