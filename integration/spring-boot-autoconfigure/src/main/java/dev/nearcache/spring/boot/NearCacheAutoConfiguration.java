package dev.nearcache.spring.boot;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCacheManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Spring Boot auto-configuration of nearcache: a {@link javax.cache.CacheManager} (a {@link
 * RedisCacheManager} of this library's provider) and Spring's {@link JCacheCacheManager} over it,
 * so that {@code @EnableCaching} and {@code @Cacheable} work with nothing but the starter and a
 * configuration.
 *
 * <p>The JCache manager, unless the application defines a {@code javax.cache.CacheManager} bean:
 *
 * <ul>
 *   <li>provider: {@link NearCachingProvider}, by name, never {@code Caching.getCachingProvider()}
 *       without an argument (an application's own Redisson jar brings a second provider);
 *   <li>URI: {@code spring.cache.jcache.config}, a Spring resource location ({@code classpath:},
 *       {@code file:}; inside an executable jar {@code classpath:} resources are {@code
 *       jar:nested:} URIs); else {@code nearcache.manager-uri}; else the provider's default
 *       (nearcache.yaml on the class path, see docs/configuration.md);
 *   <li>override properties: every {@code nearcache.*} setting of the Spring environment ({@link
 *       EnvironmentProperties}), then the {@code JCachePropertiesCustomizer} beans; Spring's cached
 *       types are allowed by {@link SpringCacheAllowedClasses}, beside the user's {@code
 *       codec.allow};
 *   <li>{@code spring.cache.cache-names}: each name the manager does not know (neither open nor
 *       defined in the file) is created with the application's {@code
 *       javax.cache.configuration.Configuration} bean, else a {@code MutableConfiguration}, which
 *       takes the file's {@code defaults}; names the file defines are simply opened;
 *   <li>then the {@code JCacheManagerCustomizer} beans.
 * </ul>
 *
 * <p>Spring's {@code CacheManager} (bean {@code cacheManager}), unless the application defines one:
 * a {@code JCacheCacheManager} over the JCache manager (null values allowed, as its default),
 * customized by the {@code CacheManagerCustomizer} beans. Boot's own cache auto-configuration,
 * which this one runs before, then backs off (it requires that no {@code CacheManager} exist), so
 * there is one Spring {@code CacheManager} whether {@code spring.cache.type} is {@code jcache} or
 * unset.
 *
 * <p>Backs off entirely when {@code spring.cache.type} names another type ({@code simple}, {@code
 * none}, {@code redis}, ...) or {@code spring.cache.jcache.provider} names another provider.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration", // Boot 3
      "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration" // Boot 4
    })
@ConditionalOnClass({Caching.class, JCacheCacheManager.class, NearCachingProvider.class})
@Conditional(NearCacheAutoConfiguration.NearCacheSelected.class)
public class NearCacheAutoConfiguration implements BeanClassLoaderAware {
  static final String CONFIG = "spring.cache.jcache.config";
  static final String CACHE_NAMES = "spring.cache.cache-names";
  static final String CACHE_TYPE = "spring.cache.type";
  static final String PROVIDER = "spring.cache.jcache.provider";

  private ClassLoader beanClassLoader;

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.beanClassLoader = classLoader;
  }

  /**
   * The JCache manager; a factory so that closing the context releases it (see {@link
   * SharedManagers}).
   */
  @Bean
  @ConditionalOnMissingBean(javax.cache.CacheManager.class)
  NearCacheManagerFactoryBean nearcacheJCacheManager(
      Environment environment,
      ResourceLoader resourceLoader,
      ObjectProvider<Configuration<?, ?>> defaultCacheConfiguration,
      ObjectProvider<NearCacheBootHooks> hooks) {
    ClassLoader classLoader =
        beanClassLoader != null ? beanClassLoader : resourceLoader.getClassLoader();
    return new NearCacheManagerFactoryBean(
        () -> open(environment, resourceLoader, classLoader, defaultCacheConfiguration, hooks));
  }

  @Bean
  @ConditionalOnMissingBean(org.springframework.cache.CacheManager.class)
  JCacheCacheManager cacheManager(
      javax.cache.CacheManager jCacheManager, ObjectProvider<NearCacheBootHooks> hooks) {
    JCacheCacheManager cacheManager = new JCacheCacheManager(jCacheManager);
    hooks.orderedStream().forEach(hook -> hook.customizeCacheManager(cacheManager));
    return cacheManager;
  }

  private static RedisCacheManager open(
      Environment environment,
      ResourceLoader resourceLoader,
      ClassLoader classLoader,
      ObjectProvider<Configuration<?, ?>> defaultCacheConfiguration,
      ObjectProvider<NearCacheBootHooks> hooks) {
    Binder binder = Binder.get(environment);
    URI uri = managerUri(binder, resourceLoader);
    Properties properties = EnvironmentProperties.of(environment);
    hooks.orderedStream().forEach(hook -> hook.customizeProperties(properties));
    CachingProvider provider =
        Caching.getCachingProvider(NearCachingProvider.class.getName(), classLoader);
    RedisCacheManager manager = SharedManagers.acquire(provider, uri, classLoader, properties);
    try {
      List<String> cacheNames =
          binder.bind(CACHE_NAMES, Bindable.listOf(String.class)).orElse(List.of());
      for (String name : cacheNames) {
        if (manager.getCache(name) == null) { // the file defines it, or it is open already: use it
          manager.createCache(
              name, defaultCacheConfiguration.getIfAvailable(MutableConfiguration::new));
        }
      }
      hooks.orderedStream().forEach(hook -> hook.customizeJCacheManager(manager));
      return manager;
    } catch (RuntimeException e) {
      SharedManagers.release(manager);
      throw e;
    }
  }

  /**
   * {@code spring.cache.jcache.config}'s URI, else {@code nearcache.manager-uri}, else null (the
   * provider's default).
   */
  private static URI managerUri(Binder binder, ResourceLoader resourceLoader) {
    String config = binder.bind(CONFIG, String.class).orElse(null);
    if (StringUtils.hasText(config)) {
      Resource resource = resourceLoader.getResource(config.trim());
      if (!resource.exists()) {
        throw new IllegalStateException(
            "nearcache: " + CONFIG + " names '" + config + "', which does not exist");
      }
      try {
        return resource.getURI();
      } catch (IOException e) {
        throw new UncheckedIOException("nearcache: " + CONFIG + " '" + config + "' has no URI", e);
      }
    }
    String name = binder.bind(EnvironmentProperties.MANAGER_URI, String.class).orElse(null);
    return StringUtils.hasText(name) ? URI.create(name.trim()) : null;
  }

  /** Produces the manager once; closing the context releases it. */
  static final class NearCacheManagerFactoryBean
      implements FactoryBean<RedisCacheManager>, DisposableBean {
    private final java.util.function.Supplier<RedisCacheManager> opener;
    private RedisCacheManager manager;

    NearCacheManagerFactoryBean(java.util.function.Supplier<RedisCacheManager> opener) {
      this.opener = opener;
    }

    @Override
    public synchronized RedisCacheManager getObject() {
      if (manager == null) {
        manager = opener.get();
      }
      return manager;
    }

    @Override
    public Class<?> getObjectType() {
      return RedisCacheManager.class;
    }

    @Override
    public synchronized void destroy() {
      if (manager != null) {
        RedisCacheManager held = manager;
        manager = null;
        SharedManagers.release(held);
      }
    }
  }

  /** Not when the application chose another cache type or another JCache provider. */
  static final class NearCacheSelected extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      String type = binder.bind(CACHE_TYPE, String.class).orElse(null);
      if (StringUtils.hasText(type) && !"jcache".equalsIgnoreCase(type.trim())) {
        return ConditionOutcome.noMatch(CACHE_TYPE + " is " + type);
      }
      String provider = binder.bind(PROVIDER, String.class).orElse(null);
      if (StringUtils.hasText(provider)
          && !NearCachingProvider.class.getName().equals(provider.trim())) {
        return ConditionOutcome.noMatch(PROVIDER + " is " + provider);
      }
      return ConditionOutcome.match(
          "nearcache: " + CACHE_TYPE + " is jcache or unset and " + PROVIDER + " is ours or unset");
    }
  }
}
