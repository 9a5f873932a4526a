package dev.nearcache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import domain.Blog;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import javax.cache.spi.CachingProvider;
import manager.BlogManager;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.junit.jupiter.api.Test;

/**
 * Guards against the TCK's annotation tests passing vacuously: AbstractInterceptionTest skips all
 * of them when no {@link BeanProvider} loads (and swallows the reason). Here the provider must
 * load, hand out intercepted beans, and the interceptors must store in and clear the provider's
 * cache.
 */
class AnnotationHarnessTest {

  @Test
  void theBeanProviderLoadsAndItsBeansAreReallyIntercepted() {
    List<BeanProvider> providers = new ArrayList<>();
    ServiceLoader.load(BeanProvider.class).forEach(providers::add);
    assertEquals(1, providers.size(), "BeanProviders: " + providers);
    BeanProvider beans = providers.get(0);
    assertEquals(GuiceBeanProvider.class, beans.getClass());

    BlogManager manager = beans.getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
    assertNotEquals(
        ClassLevelCacheConfigBlogManagerImpl.class,
        manager.getClass(),
        "expected a Guice-enhanced subclass, got the plain class: interceptors would not run");
    assertSame(ClassLevelCacheConfigBlogManagerImpl.class, manager.getClass().getSuperclass());

    String title = "harness-" + System.nanoTime();
    manager.clearCache();
    manager.createEntry(new Blog(title, "body"));
    assertEquals("body", manager.getEntryCached(title).getBody());

    CachingProvider provider = Caching.getCachingProvider();
    CacheManager cacheManager =
        provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader());
    Cache<Object, Object> cache = cacheManager.getCache("blgMngr");
    assertNotNull(
        cache,
        "@CacheDefaults(cacheName = \"blgMngr\") cache was not created through the provider");
    assertEquals(1, count(cache), "@CacheResult stored the result in the provider's cache");

    manager.clearEntry(title); // the backing map forgets it; the cache still answers
    assertEquals("body", manager.getEntryCached(title).getBody());

    manager.clearCache(); // @CacheRemoveAll
    assertEquals(0, count(cache));
    assertTrue(
        manager.getEntryCached(title) == null, "after @CacheRemoveAll the method runs again");
  }

  private static int count(Cache<Object, Object> cache) {
    int n = 0;
    for (Cache.Entry<Object, Object> ignored : cache) {
      n++;
    }
    return n;
  }
}
