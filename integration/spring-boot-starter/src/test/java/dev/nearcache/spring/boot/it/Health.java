package dev.nearcache.spring.boot.it;

import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * Calls the {@code nearcache} health indicator of whichever Boot line runs (its Health type moved
 * between Boot 3 and 4; the methods called have the same names in both), so the same test source
 * compiles and runs against both.
 */
final class Health {
  static final String BOOT3_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
  static final String BOOT4_INDICATOR =
      "org.springframework.boot.health.contributor.HealthIndicator";

  final String status;
  final Map<String, Object> details;

  private Health(String status, Map<String, Object> details) {
    this.status = status;
    this.details = details;
  }

  /** The line's HealthIndicator interface. */
  static Class<?> indicatorType() {
    for (String name : new String[] {BOOT4_INDICATOR, BOOT3_INDICATOR}) {
      try {
        return Class.forName(name);
      } catch (ClassNotFoundException e) {
        // the other line
      }
    }
    throw new AssertionError("no Spring Boot HealthIndicator type on the class path");
  }

  @SuppressWarnings("unchecked")
  static Health of(ApplicationContext context) throws Exception {
    Object indicator = context.getBean("nearcacheHealthIndicator");
    if (!indicatorType().isInstance(indicator)) {
      throw new AssertionError(indicator.getClass() + " is not a " + indicatorType().getName());
    }
    Method health = indicatorType().getMethod("health");
    Object result = health.invoke(indicator);
    Object status = result.getClass().getMethod("getStatus").invoke(result);
    String code = (String) status.getClass().getMethod("getCode").invoke(status);
    Map<String, Object> details =
        (Map<String, Object>) result.getClass().getMethod("getDetails").invoke(result);
    return new Health(code, details);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> cache(String name) {
    return (Map<String, Object>) ((Map<String, Object>) details.get("caches")).get(name);
  }
}
