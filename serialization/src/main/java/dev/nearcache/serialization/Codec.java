package dev.nearcache.serialization;

/**
 * Turns values into bytes and back. Implementations are thread-safe.
 *
 * <p>A codec never instantiates a class that its settings do not allow: reading bytes that name
 * such a class fails with a {@link SerializationException} before any instance exists.
 */
public interface Codec {

  /** Encodes {@code value} (never null). */
  byte[] encode(Object value);

  /** Decodes a whole array produced by {@link #encode}. */
  default Object decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes {@code length} bytes of {@code bytes} starting at {@code offset}. */
  Object decode(byte[] bytes, int offset, int length);
}
