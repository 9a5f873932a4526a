package dev.nearcache.jcache;

import javax.cache.Cache;

/** An immutable key-value pair handed out by iterators and to cache writers. */
public final class RedisCacheEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  public RedisCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cache.Entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "RedisCacheEntry[" + key + "=" + value + "]";
  }
}
