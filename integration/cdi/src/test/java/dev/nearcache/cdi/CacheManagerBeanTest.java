package dev.nearcache.cdi;

import static dev.nearcache.cdi.Containers.defaultManager;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.cdi.beans.ManagedService;
import dev.nearcache.cdi.beans.ManagerProducer;
import dev.nearcache.cdi.beans.PriceService;
import java.net.URI;
import java.util.stream.StreamSupport;
import javax.cache.CacheManager;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The interceptors take their caches from the application's {@code javax.cache.CacheManager} bean
 * when there is one; without one, from the provider's default manager, which they look up again
 * after it was closed.
 */
@ExtendWith(SharedRedis.class)
class CacheManagerBeanTest {

  @Test
  void aCacheManagerBeanIsUsedInsteadOfTheDefaultManager() {
    try (WeldContainer container =
        Containers.start("manager-bean", ManagedService.class, ManagerProducer.class)) {
      CacheManager produced = container.select(CacheManager.class).get();
      assertEquals(URI.create(ManagerProducer.OTHER_NODE_URI), produced.getURI());

      assertEquals("described 1", container.select(ManagedService.class).get().describe("1"));

      assertTrue(
          names(produced).contains("bean-manager-only"),
          "created in the bean's manager: " + names(produced));
      assertFalse(
          names(defaultManager()).contains("bean-manager-only"), "not in the default manager");
      assertEquals(
          "described 1", produced.getCache("bean-manager-only").get(new ParametersKey("1")));
    }
  }

  @Test
  void aClosedDefaultManagerIsReplacedByTheProvidersNewOne() {
    try (WeldContainer container = Containers.start("reopened-manager", PriceService.class)) {
      PriceService prices = container.select(PriceService.class).get();
      assertEquals("10", prices.price("reopen-1"));
      CacheManager first = defaultManager();
      first.close();

      assertEquals(
          "10",
          prices.price("reopen-1"),
          "the interceptor found the cache in the new default manager");
      assertEquals(
          1,
          prices.runs("price", "reopen-1"),
          "the entry outlived the closed manager: it is in Redis");
      assertNotSame(first, defaultManager());
      assertFalse(defaultManager().isClosed());
    }
  }

  private static java.util.List<String> names(CacheManager manager) {
    return StreamSupport.stream(manager.getCacheNames().spliterator(), false).toList();
  }
}
