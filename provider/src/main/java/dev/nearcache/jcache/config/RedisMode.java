package dev.nearcache.jcache.config;

import java.util.Locale;

/** How the provider reaches Redis. */
public enum RedisMode {
  /** One server at {@code redis.address}. */
  SINGLE,
  /** Sentinels at {@code redis.addresses} watching the master {@code redis.master-name}. */
  SENTINEL,
  /** A Redis Cluster reached through the seed nodes at {@code redis.addresses}. */
  CLUSTER;

  /** The name used in configuration files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
