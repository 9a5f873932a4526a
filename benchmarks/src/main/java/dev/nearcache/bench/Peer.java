package dev.nearcache.bench;

/** The caches compared, each run as two nodes (two clients) over the same redis-server. */
public enum Peer {
  NEAR_ON("nearcache, near tier on", "nearcache (near on)"),
  NEAR_OFF("nearcache, near tier off", "nearcache (near off)"),
  REDISSON_JCACHE("Redisson JCache provider", "Redisson JCache"),
  REDISSON_LOCAL_CACHED_MAP("Redisson RLocalCachedMap", "RLocalCachedMap"),
  CAFFEINE_JCACHE("Caffeine JCache provider (local only)", "Caffeine JCache"),
  REDIS_GET("raw Redis GET/SET through Redisson", "raw Redis GET");

  private final String description;
  private final String label;

  Peer(String description, String label) {
    this.description = description;
    this.label = label;
  }

  public String description() {
    return description;
  }

  /** A short name for tables and the chart. */
  public String label() {
    return label;
  }

  /** True when the peer keeps its data in Redis (the harness loads it once before the run). */
  public boolean remote() {
    return this != CAFFEINE_JCACHE;
  }

  /** True when the peer has a local tier whose hits cost no network. */
  public boolean hasLocalTier() {
    return this == NEAR_ON || this == REDISSON_LOCAL_CACHED_MAP || this == CAFFEINE_JCACHE;
  }
}
