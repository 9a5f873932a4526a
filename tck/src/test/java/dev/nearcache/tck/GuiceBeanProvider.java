package dev.nearcache.tck;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import javax.cache.annotation.BeanProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jsr107.ri.annotations.guice.module.CacheAnnotationsModule;

/**
 * The TCK's annotation tests ({@code org.jsr107.tck.annotation.*}) load a
 * {@link BeanProvider} with {@link java.util.ServiceLoader} and ask it for the three
 * {@code manager.*BlogManagerImpl} beans. Without one the tests are skipped silently (they
 * "pass"), so this provider supplies the beans from a Guice injector with the JSR-107
 * annotations RI's interceptors installed: {@code @CacheResult}, {@code @CachePut},
 * {@code @CacheRemove} and {@code @CacheRemoveAll} really run, through the RI's
 * {@code DefaultCacheResolverFactory}, i.e. {@code Caching.getCachingProvider()} (the only one
 * on the test class path: nearcache's) and its default {@code CacheManager}.
 */
public final class GuiceBeanProvider implements BeanProvider {

  private final Injector injector = Guice.createInjector(new AbstractModule() {
    @Override
    protected void configure() {
      install(new CacheAnnotationsModule());
      bind(CacheNameOnEachMethodBlogManagerImpl.class);
      bind(ClassLevelCacheConfigBlogManagerImpl.class);
      bind(UsingDefaultCacheNameBlogManagerImpl.class);
    }
  });

  @Override
  public <T> T getBeanByType(Class<T> beanClass) {
    return injector.getInstance(beanClass);
  }
}
