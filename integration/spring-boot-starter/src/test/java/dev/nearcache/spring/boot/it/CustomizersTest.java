package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.example.books.BookApplication;
import dev.nearcache.jcache.RedisCacheManager;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot's cache customizer beans (JCachePropertiesCustomizer, JCacheManagerCustomizer,
 * CacheManagerCustomizer) are called although Boot's own cache auto-configuration backs off. Their
 * package differs between Boot 3 and 4, so the beans are proxies of whichever interfaces are
 * present.
 */
@Timeout(120)
class CustomizersTest {
  static final String[] BOOT3 = {"org.springframework.boot.autoconfigure.cache."};
  static final String BOOT4 = "org.springframework.boot.cache.autoconfigure.";

  @Test
  void bootsCustomizerBeansAreCalled() throws Exception {
    String pkg = present(BOOT4 + "JCacheManagerCustomizer") ? BOOT4 : BOOT3[0];
    List<Object> calls = new ArrayList<>();
    Object properties =
        proxy(
            pkg + "JCachePropertiesCustomizer",
            arg -> {
              ((Properties) arg).setProperty("defaults.near-cache.maximum-size", "1234");
              calls.add("properties");
            });
    Object jcache = proxy(pkg + "JCacheManagerCustomizer", calls::add);
    Object spring = proxy(pkg + "CacheManagerCustomizer", calls::add);
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(BookApplication.class)
            .web(WebApplicationType.NONE)
            .initializers(
                context -> {
                  context.getBeanFactory().registerSingleton("propertiesCustomizer", properties);
                  context.getBeanFactory().registerSingleton("jcacheCustomizer", jcache);
                  context.getBeanFactory().registerSingleton("springCustomizer", spring);
                })
            .run(
                "--nearcache.redis.address=" + TestRedis.uri(), "--spring.cache.cache-names=books");
    try (app) {
      RedisCacheManager manager = app.getBean(RedisCacheManager.class);
      assertEquals(1234, manager.settings().defaults().getNearCache().maximumSize());
      assertEquals(3, calls.size(), calls.toString());
      assertEquals("properties", calls.get(0));
      assertSame(manager, calls.get(1));
      assertSame(app.getBean(CacheManager.class), calls.get(2));
    }
  }

  private static Object proxy(String interfaceName, java.util.function.Consumer<Object> onCustomize)
      throws Exception {
    Class<?> type = Class.forName(interfaceName);
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (self, method, args) -> {
          if (method.getName().equals("customize")) {
            onCustomize.accept(args[0]);
            return null;
          }
          return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            case "toString" -> interfaceName + " proxy";
            default -> null;
          };
        });
  }

  private static boolean present(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
