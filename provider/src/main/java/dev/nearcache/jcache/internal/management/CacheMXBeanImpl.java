package dev.nearcache.jcache.internal.management;

import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/**
 * {@link CacheMXBean} reading the cache's current configuration from a supplier on every call, so
 * it reflects later changes (e.g. statistics/management being switched on or off).
 */
public final class CacheMXBeanImpl implements CacheMXBean {

  private final Supplier<? extends CompleteConfiguration<?, ?>> configuration;

  public CacheMXBeanImpl(Supplier<? extends CompleteConfiguration<?, ?>> configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  private CompleteConfiguration<?, ?> config() {
    return configuration.get();
  }

  @Override
  public String getKeyType() {
    Class<?> type = config().getKeyType();
    return type == null ? Object.class.getName() : type.getName();
  }

  @Override
  public String getValueType() {
    Class<?> type = config().getValueType();
    return type == null ? Object.class.getName() : type.getName();
  }

  @Override
  public boolean isReadThrough() {
    return config().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return config().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return config().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return config().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return config().isManagementEnabled();
  }
}
