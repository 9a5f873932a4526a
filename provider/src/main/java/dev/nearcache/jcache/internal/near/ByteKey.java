package dev.nearcache.jcache.internal.near;

import java.util.Arrays;

/**
 * A near-tier key for keys whose own equals() cannot be trusted to match their encoding (plain
 * classes, collections): the encoded bytes themselves, which are what Redis and the change messages
 * identify an entry by.
 */
final class ByteKey {
  private final byte[] bytes;
  private final int hash;

  ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey other && other.hash == hash && Arrays.equals(other.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
