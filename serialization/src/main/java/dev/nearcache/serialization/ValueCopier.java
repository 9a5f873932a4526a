package dev.nearcache.serialization;

import java.util.Objects;
import java.util.Optional;

/**
 * Store-by-value copies for JCache: values that cannot change are shared, everything else is copied
 * through the codec, which also means a value the codec cannot store fails here, early.
 *
 * <p>Shared as-is: String, boxed primitives, BigInteger/BigDecimal, UUID, enums, java.time value
 * types, Locale, Currency, URI, Optional* of such values, and records whose components are all
 * declared with such types (decided once per class). Immutable instances are shared even if the
 * codec's allow-list does not include their class; the codec is consulted only for real copies.
 */
public final class ValueCopier {

  private final Codec codec;

  public ValueCopier(Codec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Returns {@code value} itself when immutable, otherwise {@code decode(encode(value))}; null
   * stays null.
   */
  public <T> T copy(T value) {
    if (value == null || isImmutable(value.getClass()) || isImmutableOptional(value)) {
      return value;
    }
    @SuppressWarnings("unchecked") // decode(encode(x)) yields an instance of x's class
    T copy = (T) codec.decode(codec.encode(value));
    return copy;
  }

  /** Are all instances of {@code type} immutable (so that {@link #copy} returns them unchanged)? */
  public boolean isImmutable(Class<?> type) {
    return ImmutableTypes.isImmutable(Objects.requireNonNull(type, "type"));
  }

  private boolean isImmutableOptional(Object value) {
    return value instanceof Optional<?> optional
        && optional.map(content -> isImmutable(content.getClass())).orElse(true);
  }
}
