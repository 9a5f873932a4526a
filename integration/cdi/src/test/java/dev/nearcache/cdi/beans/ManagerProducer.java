package dev.nearcache.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The application's own {@code javax.cache.CacheManager} bean, which the interceptors use instead
 * of the provider's default manager: here a second manager of this JVM (URI {@value
 * #OTHER_NODE_URI}, the same configuration file, its own Redis connections), standing for another
 * node.
 */
@ApplicationScoped
public class ManagerProducer {
  public static final String OTHER_NODE_URI = "urn:nearcache-cdi-test:other-node";

  @Produces
  @ApplicationScoped
  CacheManager cacheManager() {
    return Caching.getCachingProvider()
        .getCacheManager(URI.create(OTHER_NODE_URI), ManagerProducer.class.getClassLoader());
  }

  void close(@Disposes CacheManager manager) {
    manager.close();
  }
}
