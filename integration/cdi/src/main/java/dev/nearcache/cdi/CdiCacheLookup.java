package dev.nearcache.cdi;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;
import org.jsr107.ri.annotations.AbstractCacheLookupUtil;
import org.jsr107.ri.annotations.AbstractInternalCacheInvocationContext;
import org.jsr107.ri.annotations.AbstractInternalCacheKeyInvocationContext;
import org.jsr107.ri.annotations.InternalCacheInvocationContext;
import org.jsr107.ri.annotations.InternalCacheKeyInvocationContext;
import org.jsr107.ri.annotations.StaticCacheInvocationContext;
import org.jsr107.ri.annotations.StaticCacheKeyInvocationContext;

/**
 * Reads a method's annotations once (the annotations RI's {@link AbstractCacheLookupUtil}: cache
 * name from the method, else {@code @CacheDefaults}, else generated; key and value parameters;
 * resolver factory and key generator) and builds each invocation's context from a CDI {@link
 * InvocationContext}.
 *
 * <p>A {@link CacheResolverFactory} or {@link CacheKeyGenerator} class named in an annotation is a
 * CDI bean of that type when there is one, else an instance made with its no-argument constructor.
 * The defaults are {@link CdiCacheResolverFactory} and {@link ParametersKeyGenerator}.
 */
final class CdiCacheLookup extends AbstractCacheLookupUtil<InvocationContext> {

  private final BeanManager beanManager;
  private final CacheKeyGenerator keyGenerator = new ParametersKeyGenerator();
  private final CacheResolverFactory resolverFactory;

  CdiCacheLookup(BeanManager beanManager) {
    this.beanManager = beanManager;
    this.resolverFactory = new CdiCacheResolverFactory(beanManager);
  }

  @Override
  protected InternalCacheKeyInvocationContext<? extends Annotation>
      createCacheKeyInvocationContextImpl(
          StaticCacheKeyInvocationContext<? extends Annotation> details,
          InvocationContext invocation) {
    return new KeyContext<>(details, invocation);
  }

  @Override
  protected InternalCacheInvocationContext<? extends Annotation> createCacheInvocationContextImpl(
      StaticCacheInvocationContext<? extends Annotation> details, InvocationContext invocation) {
    return new Context<>(details, invocation);
  }

  /**
   * The bean's own class when there is a target (its superclasses are searched for
   * {@code @CacheDefaults}, so a container's subclass finds the annotation on the bean class).
   */
  @Override
  protected Class<?> getTargetClass(InvocationContext invocation) {
    Object target = invocation.getTarget();
    return target != null ? target.getClass() : invocation.getMethod().getDeclaringClass();
  }

  @Override
  protected Method getMethod(InvocationContext invocation) {
    return invocation.getMethod();
  }

  @Override
  protected <T> T getObjectByType(Class<T> type) {
    Set<Bean<?>> beans = beanManager.getBeans(type);
    if (!beans.isEmpty()) {
      Bean<?> bean = beanManager.resolve(beans);
      CreationalContext<?> context = beanManager.createCreationalContext(bean);
      return type.cast(beanManager.getReference(bean, type, context));
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          type.getName()
              + " is named by a JSR-107 annotation but is neither a CDI"
              + " bean nor instantiable with a no-argument constructor: "
              + e,
          e);
    }
  }

  @Override
  protected CacheKeyGenerator getDefaultCacheKeyGenerator() {
    return keyGenerator;
  }

  @Override
  protected CacheResolverFactory getDefaultCacheResolverFactory() {
    return resolverFactory;
  }

  private static final class KeyContext<A extends Annotation>
      extends AbstractInternalCacheKeyInvocationContext<InvocationContext, A> {
    KeyContext(StaticCacheKeyInvocationContext<A> details, InvocationContext invocation) {
      super(details, invocation);
    }

    @Override
    protected Object[] getParameters(InvocationContext invocation) {
      return invocation.getParameters();
    }

    @Override
    protected Method getMethod(InvocationContext invocation) {
      return invocation.getMethod();
    }

    @Override
    protected Object getTarget(InvocationContext invocation) {
      return invocation.getTarget();
    }
  }

  private static final class Context<A extends Annotation>
      extends AbstractInternalCacheInvocationContext<InvocationContext, A> {
    Context(StaticCacheInvocationContext<A> details, InvocationContext invocation) {
      super(details, invocation);
    }

    @Override
    protected Object[] getParameters(InvocationContext invocation) {
      return invocation.getParameters();
    }

    @Override
    protected Method getMethod(InvocationContext invocation) {
      return invocation.getMethod();
    }

    @Override
    protected Object getTarget(InvocationContext invocation) {
      return invocation.getTarget();
    }
  }
}
