package dev.nearcache.tck;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import javax.cache.annotation.BeanProvider;
import javax.cache.annotation.CacheResolverFactory;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jsr107.ri.annotations.guice.module.CacheAnnotationsModule;

/**
 * The {@link BeanProvider} the TCK's annotation tests ({@code org.jsr107.tck.annotation.*}) load
 * with {@link java.util.ServiceLoader} (registered in {@code
 * META-INF/services/javax.cache.annotation.BeanProvider}). Without one those 12 tests are skipped
 * silently and "pass".
 *
 * <p>The beans ({@code manager.*BlogManagerImpl} from the TCK's main jar) come from a Guice
 * injector with the JSR-107 annotations RI's {@link CacheAnnotationsModule} installed, so the RI's
 * {@code @CacheResult}/{@code @CachePut}/{@code @CacheRemove}/{@code @CacheRemoveAll} interceptors
 * and key generator really run. One change to the RI's wiring: its {@code
 * DefaultCacheResolverFactory} captures one {@code CacheManager} when the injector is built and
 * keeps the resolved {@code Cache} per method, but other TCK classes close every manager in between
 * (e.g. {@code CachingTest}); {@link CurrentCacheResolverFactory} looks the cache up in the
 * provider's current default manager on every call instead.
 */
public final class GuiceBeanProvider implements BeanProvider {

  private final Injector injector =
      Guice.createInjector(
          Modules.override(new CacheAnnotationsModule())
              .with(
                  new AbstractModule() {
                    @Override
                    protected void configure() {
                      bind(CacheResolverFactory.class).to(CurrentCacheResolverFactory.class);
                    }
                  }),
          new AbstractModule() {
            @Override
            protected void configure() {
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
