package dev.nearcache.jcache;

/**
 * What a cache did since it was opened in this JVM, as totals that only grow: what a meter registry
 * reads (Micrometer's {@code cache.gets}, {@code cache.puts}, {@code cache.removals}, {@code
 * cache.evictions}). Unlike JCache's statistics, they are never reset by {@code clear()}.
 *
 * <p>Operations are counted while the cache's JCache statistics are enabled or at least one {@link
 * Handle} from {@link RedisCache#startCounting()} is open; one increment per operation serves both.
 * While neither holds, nothing is counted and a near hit makes no atomic increment.
 */
public interface CacheCounts {

  /** Reads that found a value (in the near tier or in Redis). */
  long hits();

  /** Reads that found no value (whether or not a loader then loaded one). */
  long misses();

  /**
   * Values stored by this node's calls (puts, replaces, entry processors' updates, loads excluded).
   */
  long puts();

  /** Entries removed by this node's calls. */
  long removals();

  /**
   * Entries evicted. Always 0: Redis's own evictions under {@code maxmemory} are not attributed to
   * a cache, and the near tier's size-based evictions drop only a local copy (see {@code
   * NearCacheMetrics} for those).
   */
  long evictions();

  /** Keeps operations counted until closed; see {@link RedisCache#startCounting()}. */
  interface Handle extends AutoCloseable {
    /** Stops this handle's counting; closing twice is harmless. */
    @Override
    void close();
  }
}
