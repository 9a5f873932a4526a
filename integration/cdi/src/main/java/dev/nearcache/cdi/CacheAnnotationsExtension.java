package dev.nearcache.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * The CDI portable extension that makes the JSR-107 annotations work on a Jakarta CDI 4 container
 * (registered in {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}, so adding the
 * jar is all it takes).
 *
 * <p>{@code javax.cache.annotation}'s {@link CacheResult}, {@link CachePut}, {@link CacheRemove}
 * and {@link CacheRemoveAll} are not {@code @InterceptorBinding}s; before discovery this extension
 * declares them as interceptor bindings whose members are all {@link Nonbinding} (so
 * {@code @CacheResult(cacheName = "prices")} on a method binds the interceptor declared with a bare
 * {@code @CacheResult}), and adds the four interceptors, which {@link #PRIORITY} enables for the
 * whole application. The jar has no {@code beans.xml}: the interceptors reach the container only
 * through this extension, once, whether the application uses bean discovery or not. {@link
 * javax.cache.annotation.CacheDefaults} is read from the bean's class when a method is first
 * intercepted.
 *
 * <p>Caches: a method's cache is looked up in a {@code javax.cache.CacheManager} bean if the
 * application has one, else in the default {@code CacheManager} of the default caching provider
 * ({@code Caching.getCachingProvider().getCacheManager()}, nearcache's {@code nearcache.yaml}). A
 * cache that manager does not know (no configuration file defines it) is created on first use with
 * {@code createCache(name, new MutableConfiguration<>())}, which gives it the file's {@code
 * defaults}. Keys are {@link ParametersKey}s of the key parameters.
 */
public class CacheAnnotationsExtension implements Extension {

  /**
   * The interceptors' priority: {@link Interceptor.Priority#LIBRARY_BEFORE}, inside the platform's
   * interceptors (transactions, security) and outside the application's, so a cache hit skips the
   * application's interceptors as it skips the method.
   */
  public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE;

  static final List<Class<? extends Annotation>> BINDINGS =
      List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

  static final List<Class<?>> INTERCEPTORS =
      List.of(
          CacheResultInterceptor.class,
          CachePutInterceptor.class,
          CacheRemoveInterceptor.class,
          CacheRemoveAllInterceptor.class);

  private volatile CdiCacheLookup lookup;

  void declareBindingsAndInterceptors(@Observes BeforeBeanDiscovery event) {
    for (Class<? extends Annotation> binding : BINDINGS) {
      event
          .configureInterceptorBinding(binding)
          .methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
    for (Class<?> interceptor : INTERCEPTORS) {
      event.addAnnotatedType(
          interceptor,
          CacheAnnotationsExtension.class.getName() + "/" + interceptor.getSimpleName());
    }
  }

  void createLookup(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
    lookup = new CdiCacheLookup(beanManager);
  }

  /**
   * The method details, resolvers and key generator of this container, shared by its interceptors.
   */
  CdiCacheLookup lookup() {
    CdiCacheLookup current = lookup;
    if (current == null) {
      throw new IllegalStateException(
          "a JSR-107 annotated method was called before the CDI container finished"
              + " deployment validation");
    }
    return current;
  }
}
