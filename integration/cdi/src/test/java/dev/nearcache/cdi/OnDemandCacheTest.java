package dev.nearcache.cdi;

import static dev.nearcache.cdi.Containers.defaultManager;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.cdi.beans.NamingService;
import dev.nearcache.cdi.beans.OnDemandBean;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cache an annotation names but no configuration file defines is created on first use with {@code
 * createCache(name, new MutableConfiguration<>())}, so it takes the file's {@code defaults} (the
 * test file sets {@code defaults.statistics: true}); a cache the file defines is used as defined.
 * Neither logs a warning (the annotations RI's default resolver warns for each cache it creates;
 * nearcache-cdi does not use it).
 */
@ExtendWith(SharedRedis.class)
class OnDemandCacheTest {

  @Test
  void aCacheNoFileDefinesIsCreatedWithTheFilesDefaultsAndAFileDefinedCacheIsUsedAsDefined() {
    assertNull(defaultManager().getCache(OnDemandBean.CACHE), "the cache does not exist yet");
    List<LogRecord> warnings = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String logger = String.valueOf(record.getLoggerName());
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                && (logger.startsWith("org.jsr107") || logger.startsWith("dev.nearcache"))) {
              warnings.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(handler);
    try (WeldContainer container =
        Containers.start("on-demand", OnDemandBean.class, NamingService.Unnamed.class)) {
      OnDemandBean bean = container.select(OnDemandBean.class).get();
      NamingService.Unnamed fromFile = container.select(NamingService.Unnamed.class).get();

      assertEquals("v-1", bean.value("1"));
      assertEquals("v-1", bean.value("1"));
      assertEquals(1, bean.runs());
      assertEquals("f-1", fromFile.fromFile("1"));
      assertEquals("f-1", fromFile.fromFile("1"));
      assertEquals(1, fromFile.runs("fromFile", "1"));
    } finally {
      root.removeHandler(handler);
    }
    Cache<Object, Object> created = defaultManager().getCache(OnDemandBean.CACHE);
    assertTrue(
        statisticsEnabled(created), "the created cache took defaults.statistics from the file");
    assertEquals("v-1", created.get(new ParametersKey("1")));

    Cache<Object, Object> defined = defaultManager().getCache("defined-in-file");
    assertFalse(
        statisticsEnabled(defined),
        "the file's own definition of the cache (statistics: false) is the one used");
    assertEquals("f-1", defined.get(new ParametersKey("1")));
    assertEquals(
        List.of(), warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
  }

  @SuppressWarnings("unchecked")
  private static boolean statisticsEnabled(Cache<Object, Object> cache) {
    return cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled();
  }
}
