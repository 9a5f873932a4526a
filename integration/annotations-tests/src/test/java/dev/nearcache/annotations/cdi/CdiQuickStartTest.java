package dev.nearcache.annotations.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nearcache.annotations.SharedRedis;
import dev.nearcache.cdi.ParametersKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.Caching;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CDI quick start of docs/annotations.md, run on Weld 6 (CDI 4.1) with bean discovery: the test
 * classes are a bean archive (META-INF/beans.xml) and nearcache-cdi's extension comes in through
 * its service registration alone.
 */
@ExtendWith(SharedRedis.class)
class CdiQuickStartTest {

  @Test
  void theQuickStartRunsAsDocumented() {
    String printed =
        printedBy(
            () -> {
              // tag::cdi-main[]
              // Weld finds the beans and nearcache-cdi
              try (WeldContainer container = new Weld().initialize()) {
                PriceService prices = container.select(PriceService.class).get();
                prices.price("sku-1"); // a miss: price() runs, its result is cached
                prices.price("sku-1"); // a hit: answered by this JVM's near tier
                // every JVM's next read sees 9.99
                prices.updatePrice("sku-1", new BigDecimal("9.99"));
                System.out.println(prices.price("sku-1")); // 9.99, and price() did not run again
              }
              // end::cdi-main[]
            });
    assertEquals("9.99", printed.strip());
    assertEquals(1, Catalog.loads("sku-1"), "price() ran once");
    Cache<Object, Object> cache = Caching.getCachingProvider().getCacheManager().getCache("prices");
    assertEquals(new BigDecimal("9.99"), cache.get(new ParametersKey("sku-1")));
  }

  @Test
  void removeAndRemoveAllOnWeld6() {
    try (WeldContainer container = new Weld().initialize()) {
      PriceService prices = container.select(PriceService.class).get();
      assertEquals(new BigDecimal("10.00"), prices.price("weld6-1"));
      assertEquals(new BigDecimal("10.00"), prices.price("weld6-2"));
      Cache<Object, Object> cache =
          Caching.getCachingProvider().getCacheManager().getCache("prices");
      prices.discontinue("weld6-1");
      assertFalse(cache.containsKey(new ParametersKey("weld6-1")));
      assertEquals(new BigDecimal("10.00"), prices.price("weld6-1"));
      assertEquals(2, Catalog.loads("weld6-1"), "@CacheRemove: the method ran again");

      prices.reloadAll();
      assertNull(cache.get(new ParametersKey("weld6-2")), "@CacheRemoveAll emptied the cache");
      prices.price("weld6-2");
      assertEquals(2, Catalog.loads("weld6-2"));
    }
  }

  private static String printedBy(Runnable code) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code.run();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
