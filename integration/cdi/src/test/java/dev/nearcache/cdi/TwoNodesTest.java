package dev.nearcache.cdi;

import static dev.nearcache.cdi.Containers.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.nearcache.cdi.beans.ManagerProducer;
import dev.nearcache.cdi.beans.PriceService;
import javax.cache.CacheManager;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two "nodes" in one JVM: two Weld containers, each with its own {@code CacheManager} and so its
 * own Redis connections and near tier (node A the provider's default manager, node B a {@code
 * CacheManager} bean of another URI). What one node's annotated methods change, the other node's
 * {@code @CacheResult} sees, without running its method.
 */
@ExtendWith(SharedRedis.class)
class TwoNodesTest {

  @Test
  void aCachePutOnOneNodeIsSeenByTheOthersCacheResult() {
    try (WeldContainer nodeA = Containers.start("node-a", PriceService.class);
        WeldContainer nodeB =
            Containers.start("node-b", PriceService.class, ManagerProducer.class)) {
      PriceService a = nodeA.select(PriceService.class).get();
      PriceService b = nodeB.select(PriceService.class).get();
      assertNotSame(Containers.defaultManager(), nodeB.select(CacheManager.class).get());

      assertEquals("10", a.price("node-1"));
      assertEquals("10", a.price("node-1")); // now in A's near tier
      assertEquals("10", b.price("node-1"));
      assertEquals(0, b.runs("price", "node-1"), "B found A's result in Redis");

      b.updatePrice("node-1", "12"); // @CachePut on B
      eventually("A sees B's @CachePut", () -> "12".equals(a.price("node-1")));
      assertEquals(
          1, a.runs("price", "node-1"), "A's method never ran again: the cache had B's value");

      b.discontinue("node-1"); // @CacheRemove on B
      eventually(
          "A's method runs again after B's @CacheRemove",
          () -> {
            a.price("node-1");
            return a.runs("price", "node-1") == 2;
          });
      assertEquals("10", a.price("node-1"), "A loaded its own system of record's value");

      assertEquals("10", b.price("node-2"));
      assertEquals("10", a.price("node-2"));
      a.reprice(); // @CacheRemoveAll on A
      eventually(
          "B's method runs again after A's @CacheRemoveAll",
          () -> {
            b.price("node-2");
            return b.runs("price", "node-2") == 2;
          });
    }
  }
}
