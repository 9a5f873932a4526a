package dev.nearcache.jcache;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} sees. It runs in the caller's JVM on a
 * snapshot read from Redis and records what the processor did; the cache then commits that outcome
 * by version (and runs the processor again if another writer got there first).
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** What the processor did to the entry, as the specification's cases distinguish it. */
  enum Outcome {
    NONE,
    ACCESSED,
    LOADED,
    CREATED,
    UPDATED,
    REMOVED
  }

  private final K key;
  private final boolean existed;
  private final Function<K, V> loader;
  private final TypeCheck types;
  private V value;
  private Outcome outcome = Outcome.NONE;

  /**
   * @param existing the value read from Redis, or null when absent
   * @param loader read-through loader, or null when the cache is not read-through
   * @param types the cache's configured types, which a value set by the processor must have
   */
  ProcessorEntry(K key, V existing, Function<K, V> loader, TypeCheck types) {
    this.key = key;
    this.types = types;
    this.value = existing;
    this.existed = existing != null;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (outcome == Outcome.NONE) {
      if (value != null) {
        outcome = Outcome.ACCESSED;
      } else if (!existed && loader != null) {
        value = loader.apply(key);
        if (value != null) {
          outcome = Outcome.LOADED;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    // Removing what this processor itself created (or loaded) leaves nothing to do.
    outcome =
        (outcome == Outcome.CREATED || outcome == Outcome.LOADED) ? Outcome.NONE : Outcome.REMOVED;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor cannot set a null value; use remove()");
    types.value(newValue);
    outcome = existed ? Outcome.UPDATED : Outcome.CREATED;
    value = newValue;
  }

  boolean existed() {
    return existed;
  }

  Outcome outcome() {
    return outcome;
  }

  V value() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("MutableEntry cannot be unwrapped to " + clazz.getName());
  }
}
