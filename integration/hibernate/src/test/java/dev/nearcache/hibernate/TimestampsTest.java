package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RespClient;
import java.net.URI;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The region factory's timestamps (which nodes compare: transaction starts against changes' stamps,
 * query results against the timestamps region) come from the Redis server's clock and only grow.
 * (This machine's clock and Redis's are the same clock here, so the test checks the stamps' range
 * and order; that they do not depend on the nodes' clocks follows from where they come from.)
 */
@ExtendWith(Backends.class)
class TimestampsTest {

  @Test
  void stampsFollowRedissClockAndOnlyGrow() {
    URI redis = URI.create(System.getProperty(Backends.REDIS));
    try (SessionFactory factory = Factories.build("urn:timestamps");
        RespClient admin = new RespClient(redis.getHost(), redis.getPort())) {
      RegionFactory regions =
          factory.unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
      long previous = 0;
      for (int i = 0; i < 10_000; i++) {
        long before = i % 1000 == 0 ? serverTime(admin) : 0;
        long stamp = regions.nextTimestamp();
        assertTrue(stamp > previous, "stamps grow: " + stamp + " after " + previous);
        previous = stamp;
        if (before != 0) {
          long millis = stamp >> 12;
          long after = serverTime(admin);
          assertTrue(
              millis >= before - 50 && millis <= after + 50,
              "stamp's time " + millis + " within Redis's " + before + ".." + after);
        }
      }
    }
  }

  private static long serverTime(RespClient admin) {
    List<?> time = (List<?>) admin.call("TIME");
    return Long.parseLong(time.get(0).toString()) * 1000
        + Long.parseLong(time.get(1).toString()) / 1000;
  }
}
