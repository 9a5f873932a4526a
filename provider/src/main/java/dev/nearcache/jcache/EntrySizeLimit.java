package dev.nearcache.jcache;

import javax.cache.CacheException;

/**
 * Refuses an encoded key or value larger than {@code redis.max-entry-size} before anything is sent.
 * Redis refuses a larger argument anyway (its {@code proto-max-bulk-len}), but only after the whole
 * payload has crossed the network, and Redisson reports that as a timeout.
 */
final class EntrySizeLimit {
  private final String cacheName;
  private final int maxBytes;

  EntrySizeLimit(String cacheName, int maxBytes) {
    this.cacheName = cacheName;
    this.maxBytes = maxBytes;
  }

  /** Whether an encoded key or value this large may be sent (and so may be stored). */
  boolean fits(byte[] encoded) {
    return encoded.length <= maxBytes;
  }

  /**
   * @param what {@code key} or {@code value}, as the message names it
   */
  byte[] check(String what, byte[] encoded, Object original) {
    if (!fits(encoded)) {
      throw tooLarge(what, encoded.length, original);
    }
    return encoded;
  }

  private CacheException tooLarge(String what, int size, Object original) {
    return new CacheException(
        "Cache '"
            + cacheName
            + "': the "
            + what
            + " ("
            + original.getClass().getName()
            + ") is "
            + size
            + " bytes encoded, more than setting 'redis.max-entry-size' allows ("
            + maxBytes
            + " bytes); it was not sent to Redis");
  }
}
