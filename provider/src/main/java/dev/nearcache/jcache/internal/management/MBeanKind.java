package dev.nearcache.jcache.internal.management;

/** The two JSR-107 cache MBeans; {@link #typeName()} is the {@code type} key of the ObjectName. */
public enum MBeanKind {
  /** The {@link javax.cache.management.CacheMXBean}. */
  CONFIGURATION("CacheConfiguration"),
  /** The {@link javax.cache.management.CacheStatisticsMXBean}. */
  STATISTICS("CacheStatistics");

  private final String typeName;

  MBeanKind(String typeName) {
    this.typeName = typeName;
  }

  /** {@code CacheConfiguration} or {@code CacheStatistics}. */
  public String typeName() {
    return typeName;
  }
}
