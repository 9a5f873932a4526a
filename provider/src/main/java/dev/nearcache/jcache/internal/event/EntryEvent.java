package dev.nearcache.jcache.internal.event;

import java.util.Objects;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * Immutable {@link CacheEntryEvent} handed to JCache listeners and filters.
 *
 * <p>Semantics (JSR-107 1.1.1 incl. errata, as asserted by the TCK):
 *
 * <ul>
 *   <li>{@code CREATED}: {@link #getValue()} is the new value; no old value is ever available.
 *   <li>{@code UPDATED}: {@link #getValue()} is the new value; {@link #getOldValue()} is the
 *       previous value when it is available, otherwise {@code null}.
 *   <li>{@code REMOVED} / {@code EXPIRED}: both {@link #getValue()} and {@link #getOldValue()}
 *       return the value the entry had before it was removed/expired when the old value is
 *       available, otherwise both return {@code null}.
 * </ul>
 *
 * Whether the old value is available is decided per listener registration: it is available when the
 * registration's {@code isOldValueRequired()} is {@code true} and the old value is known
 * (non-null). Use {@link #create} to apply these rules.
 */
public final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  /**
   * Raw constructor: stores the given values as they are. Prefer {@link #create}, which normalises
   * value/old value per event type.
   */
  public EntryEvent(
      Cache<K, V> source,
      EventType eventType,
      K key,
      V value,
      V oldValue,
      boolean oldValueAvailable) {
    super(source, Objects.requireNonNull(eventType, "eventType"));
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /**
   * Builds the event a listener sees.
   *
   * @param value the new value (CREATED/UPDATED); ignored for REMOVED/EXPIRED unless {@code
   *     oldValue} is {@code null}, in which case it is taken as the removed value
   * @param oldValue the previous value (UPDATED/REMOVED/EXPIRED), or {@code null} if unknown
   * @param oldValueRequired the listener registration's {@code isOldValueRequired()}
   */
  public static <K, V> EntryEvent<K, V> create(
      Cache<K, V> source,
      EventType eventType,
      K key,
      V value,
      V oldValue,
      boolean oldValueRequired) {
    return switch (eventType) {
      case CREATED -> new EntryEvent<>(source, eventType, key, value, null, false);
      case UPDATED -> {
        boolean available = oldValueRequired && oldValue != null;
        yield new EntryEvent<>(
            source, eventType, key, value, available ? oldValue : null, available);
      }
      case REMOVED, EXPIRED -> {
        V previous = oldValue != null ? oldValue : value;
        boolean available = oldValueRequired && previous != null;
        V visible = available ? previous : null;
        yield new EntryEvent<>(source, eventType, key, visible, visible, available);
      }
    };
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
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException(
        "Cannot unwrap " + getClass().getName() + " to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "EntryEvent{type="
        + getEventType()
        + ", key="
        + key
        + ", value="
        + value
        + ", oldValue="
        + oldValue
        + ", oldValueAvailable="
        + oldValueAvailable
        + '}';
  }
}
