package dev.nearcache.annotations.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nearcache.annotations.Caches;
import dev.nearcache.annotations.SharedRedis;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** The Spring quick start of docs/annotations.md, as documented. */
@ExtendWith(SharedRedis.class)
class SpringQuickStartTest {

  @Test
  void theQuickStartRunsAsDocumented() {
    // tag::spring-main[]
    try (var context =
        new AnnotationConfigApplicationContext(
            CacheConfig.class, ProfileService.class, ProfileStore.class)) {
      ProfileService profiles = context.getBean(ProfileService.class);
      profiles.displayName("u-1"); // a miss: displayName() runs, its result is cached
      profiles.displayName("u-1"); // a hit: answered by this JVM's near tier
      profiles.rename("u-1", "Ada"); // every JVM's next read sees "Ada"
      System.out.println(profiles.displayName("u-1")); // Ada, and displayName() did not run again
    }
    // end::spring-main[]
    assertEquals(1, ProfileStore.loads("u-1"), "displayName() ran once");
    // Spring's key for one key parameter is the parameter itself.
    // The context closed its manager; the provider's next default manager opens the same cache.
    assertEquals(
        "Ada", Caches.open(Caching.getCachingProvider().getCacheManager(), "profiles").get("u-1"));
  }
}
