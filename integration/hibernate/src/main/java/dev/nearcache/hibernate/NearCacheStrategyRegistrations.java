package dev.nearcache.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Registers {@link NearCacheRegionFactory} under the short name {@value
 * NearCacheRegionFactory#SHORT_NAME}, so that {@code
 * hibernate.cache.region.factory_class=nearcache} selects it (found by Hibernate through {@code
 * META-INF/services}).
 */
public final class NearCacheStrategyRegistrations implements StrategyRegistrationProvider {

  @Override
  public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
    return List.of(
        new SimpleStrategyRegistrationImpl<>(
            RegionFactory.class,
            NearCacheRegionFactory.class,
            NearCacheRegionFactory.SHORT_NAME,
            NearCacheRegionFactory.class.getName()));
  }
}
