package dev.nearcache.cdi;

import static dev.nearcache.cdi.Containers.defaultManager;
import static dev.nearcache.cdi.Containers.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.cdi.beans.NamingService;
import dev.nearcache.cdi.beans.PriceService;
import dev.nearcache.cdi.beans.StockService;
import dev.nearcache.cdi.beans.UnknownSkuException;
import dev.nearcache.cdi.beans.UpperCaseKeyGenerator.UpperCaseKey;
import dev.nearcache.cdi.notallowed.UnstorableSkuException;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each annotation's behaviour through the CDI interceptors on Weld 5, against a real Redis, with
 * the provider's default manager (no {@code CacheManager} bean). Every test uses keys of its own,
 * so the tests do not depend on each other's entries.
 */
@ExtendWith(SharedRedis.class)
class AnnotationsTest {
  static WeldContainer container;
  static PriceService prices;
  static StockService stock;

  @BeforeAll
  static void start() {
    container =
        Containers.start(
            "annotations",
            PriceService.class,
            StockService.class,
            NamingService.Unnamed.class,
            NamingService.WithDefaults.class);
    prices = container.select(PriceService.class).get();
    stock = container.select(StockService.class).get();
  }

  @AfterAll
  static void stop() {
    container.close();
  }

  static Cache<Object, Object> cache(String name) {
    Cache<Object, Object> cache = defaultManager().getCache(name);
    assertTrue(cache != null, "cache " + name + " exists in the default manager");
    return cache;
  }

  @Test
  void cacheResultRunsTheMethodOncePerKeyAndStoresTheResultInTheProvidersCache() {
    assertEquals("10", prices.price("result-1"));
    assertEquals("10", prices.price("result-1"));
    assertEquals("10", prices.price("result-1"));
    assertEquals(
        1, prices.runs("price", "result-1"), "the method ran once; the cache answered the rest");

    prices.setCatalogPrice("result-2", "20");
    assertEquals("20", prices.price("result-2"));
    assertEquals(1, prices.runs("price", "result-2"), "another key runs the method for itself");

    Cache<Object, Object> cache = cache("prices"); // the name from @CacheDefaults
    assertEquals("10", cache.get(new ParametersKey("result-1")));
    assertEquals("20", cache.get(new ParametersKey("result-2")));
    assertTrue(
        keys(cache).stream().allMatch(k -> k instanceof ParametersKey), "keys: " + keys(cache));
  }

  @Test
  void cacheResultUsesTheCacheKeyParametersOnlyAndDoesNotCacheNull() {
    assertEquals("10 EUR", prices.priceIn("key-1", "EUR"));
    assertEquals("10 EUR", prices.priceIn("key-1", "USD"), "the currency is not part of the key");
    assertEquals(1, prices.runs("priceIn", "key-1"));
    assertEquals("10 EUR", cache("prices-in").get(new ParametersKey("key-1")));

    assertNull(prices.priceIn("key-2", "none"));
    assertNull(prices.priceIn("key-2", "none"));
    assertEquals(2, prices.runs("priceIn", "key-2"), "a null result is not cached");
    assertFalse(cache("prices-in").containsKey(new ParametersKey("key-2")));
  }

  @Test
  void cachePutStoresTheValueParameterUnderTheOtherParameters() {
    prices.updatePrice("put-1", "12");
    assertEquals(1, prices.runs("updatePrice", "put-1"));
    assertEquals(
        "12",
        cache("prices").get(new ParametersKey("put-1")),
        "the @CacheValue is not part of the key");
    assertEquals("12", prices.price("put-1"));
    assertEquals(0, prices.runs("price", "put-1"), "@CacheResult found what @CachePut stored");

    prices.updatePrice("put-1", "13");
    assertEquals("13", prices.price("put-1"), "a second @CachePut replaces the entry");
  }

  @Test
  void cachePutBeforeInvocationStoresEvenWhenTheMethodFails() {
    assertThrows(IllegalStateException.class, () -> prices.updatePriceEagerly("put-2", "14"));
    assertEquals("14", cache("prices").get(new ParametersKey("put-2")));
  }

  @Test
  void cacheRemoveRemovesTheEntrySoTheMethodRunsAgain() {
    assertEquals("10", prices.price("remove-1"));
    assertEquals("10", prices.price("remove-2"));
    prices.discontinue("remove-1");
    assertEquals(1, prices.runs("discontinue", "remove-1"));
    assertFalse(cache("prices").containsKey(new ParametersKey("remove-1")));
    assertTrue(cache("prices").containsKey(new ParametersKey("remove-2")), "only that key's entry");

    assertEquals("10", prices.price("remove-1"));
    assertEquals(2, prices.runs("price", "remove-1"));
    assertEquals("10", prices.price("remove-2"));
    assertEquals(1, prices.runs("price", "remove-2"));
  }

  @Test
  void cacheRemoveAllEmptiesTheNamedCacheOnly() {
    assertEquals("10", prices.price("all-1"));
    assertEquals("10 EUR", prices.priceIn("all-2", "EUR"));
    prices.repriceCurrencies(); // @CacheRemoveAll(cacheName = "prices-in")
    assertEquals(List.of(), keys(cache("prices-in")));
    assertTrue(
        cache("prices").containsKey(new ParametersKey("all-1")), "another cache keeps its entries");

    prices.reprice(); // @CacheRemoveAll with the @CacheDefaults name
    assertEquals(List.of(), keys(cache("prices")));
    assertEquals("10", prices.price("all-1"));
    assertEquals(2, prices.runs("price", "all-1"));
  }

  @Test
  void exceptionCacheNameCachesTheListedExceptionsOnly() {
    UnknownSkuException first =
        assertThrows(UnknownSkuException.class, () -> stock.stock("unknown-1"));
    UnknownSkuException second =
        assertThrows(UnknownSkuException.class, () -> stock.stock("unknown-1"));
    assertEquals(1, stock.runs("unknown-1"), "the second call rethrew the cached exception");
    assertEquals(first.getMessage(), second.getMessage());
    assertNotSame(first, second, "the cached exception is a copy decoded from Redis");
    Object cached = cache("stock-failures").get(new ParametersKey("unknown-1"));
    assertInstanceOf(UnknownSkuException.class, cached);
    assertFalse(cache("stock").containsKey(new ParametersKey("unknown-1")));

    assertThrows(IllegalStateException.class, () -> stock.stock("flaky-1"));
    assertThrows(IllegalStateException.class, () -> stock.stock("flaky-1"));
    assertEquals(2, stock.runs("flaky-1"), "an exception not in cachedExceptions is not cached");
    assertFalse(cache("stock-failures").containsKey(new ParametersKey("flaky-1")));

    assertEquals(5, stock.stock("fine1"));
    assertEquals(5, stock.stock("fine1"));
    assertEquals(1, stock.runs("fine1"));

    UnstorableSkuException unstorable =
        assertThrows(
            UnstorableSkuException.class,
            () -> stock.stock("unstorable-1"),
            "an exception the cache refuses to store still reaches the caller");
    assertInstanceOf(
        CacheException.class, unstorable.getSuppressed()[0], "with the cache's refusal suppressed");
    assertThrows(UnstorableSkuException.class, () -> stock.stock("unstorable-1"));
    assertEquals(2, stock.runs("unstorable-1"));

    stock.forgetFailures();
    assertThrows(UnknownSkuException.class, () -> stock.stock("unknown-1"));
    assertEquals(
        2, stock.runs("unknown-1"), "once the exception cache is emptied the method runs again");
  }

  @Test
  void cacheDefaultsNameTheCacheAndTheKeyGeneratorAndAMethodsNameWins() {
    NamingService.WithDefaults bean = container.select(NamingService.WithDefaults.class).get();
    assertEquals("d-a", bean.fromDefaults("a"));
    assertEquals(
        "d-a", bean.fromDefaults("A"), "the key generator from @CacheDefaults ignores case");
    assertEquals(1, bean.runs("fromDefaults", "a") + bean.runs("fromDefaults", "A"));
    assertEquals("d-a", cache("defaults-cache").get(new UpperCaseKey("A")));

    assertEquals("o-b", bean.overridesDefaults("b"));
    assertEquals(
        "o-b",
        cache("overrides-defaults").get(new UpperCaseKey("B")),
        "the method's cacheName wins, the key generator still comes from @CacheDefaults");
    assertFalse(cache("defaults-cache").containsKey(new UpperCaseKey("B")));
  }

  @Test
  void withoutAnyNameTheCacheIsNamedAfterTheMethod() {
    NamingService.Unnamed bean = container.select(NamingService.Unnamed.class).get();
    assertEquals("g-x", bean.generatedName("x"));
    assertEquals("g-x", bean.generatedName("x"));
    assertEquals(1, bean.runs("generatedName", "x"));
    String generated = NamingService.Unnamed.class.getName() + ".generatedName(java.lang.String)";
    assertEquals("g-x", cache(generated).get(new ParametersKey("x")));

    assertEquals("m-y", bean.namedOnMethod("y"));
    assertEquals("m-y", cache("named-on-method").get(new ParametersKey("y")));
  }

  /**
   * The extension declares the four annotations as bindings whose members do not take part in
   * binding, and adds one interceptor for each, enabled by its priority: an annotation with any
   * member values (a cache name, afterInvocation = false...) resolves to exactly that interceptor.
   */
  @Test
  void eachAnnotationWithAnyMembersBindsExactlyItsInterceptor() throws Exception {
    BeanManager beans = container.getBeanManager();
    Map<Annotation, Class<?>> expected =
        Map.of(
            PriceService.class
                .getMethod("priceIn", String.class, String.class)
                .getAnnotation(CacheResult.class),
            CacheResultInterceptor.class,
            PriceService.class
                .getMethod("updatePriceEagerly", String.class, String.class)
                .getAnnotation(CachePut.class),
            CachePutInterceptor.class,
            PriceService.class
                .getMethod("discontinue", String.class)
                .getAnnotation(CacheRemove.class),
            CacheRemoveInterceptor.class,
            PriceService.class.getMethod("repriceCurrencies").getAnnotation(CacheRemoveAll.class),
            CacheRemoveAllInterceptor.class);
    for (Map.Entry<Annotation, Class<?>> binding : expected.entrySet()) {
      List<Interceptor<?>> interceptors =
          beans.resolveInterceptors(InterceptionType.AROUND_INVOKE, binding.getKey());
      assertEquals(
          List.of(binding.getValue()),
          interceptors.stream().map(Interceptor::getBeanClass).toList(),
          "interceptors for " + binding.getKey());
    }
    assertNotEquals(
        PriceService.class, prices.getClass(), "the bean is reached through the container's proxy");
  }
}
