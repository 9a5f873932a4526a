package dev.nearcache.serialization;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Deterministic cache-key encoding: equal keys give equal bytes, in every JVM and every run, and
 * the bytes decode back to an equal key. The bytes are the key in Redis, so this is a storage
 * format: the tags and layouts below must never change.
 *
 * <p>Layout: one tag byte, then the content.
 *
 * <table>
 *   <caption>Key tags</caption>
 *   <tr><th>tag</th><th>type</th><th>content</th></tr>
 *   <tr><td>0x01</td><td>String</td><td>UTF-8 (strict; see below)</td></tr>
 *   <tr><td>0x02</td><td>Integer</td><td>4 bytes, big-endian</td></tr>
 *   <tr><td>0x03</td><td>Long</td><td>8 bytes, big-endian</td></tr>
 *   <tr><td>0x04</td><td>Short</td><td>2 bytes, big-endian</td></tr>
 *   <tr><td>0x05</td><td>Byte</td><td>1 byte</td></tr>
 *   <tr><td>0x06</td><td>Character</td><td>2 bytes, big-endian</td></tr>
 *   <tr><td>0x07</td><td>Boolean</td><td>1 byte, 0 or 1</td></tr>
 *   <tr><td>0x08</td><td>Double</td><td>{@link Double#doubleToLongBits} (one NaN, as equals), 8 bytes</td></tr>
 *   <tr><td>0x09</td><td>Float</td><td>{@link Float#floatToIntBits}, 4 bytes</td></tr>
 *   <tr><td>0x0A</td><td>UUID</td><td>most then least significant bits, 16 bytes</td></tr>
 *   <tr><td>0x0B</td><td>enum</td><td>class-name length (2 bytes), class name, constant name (UTF-8)</td></tr>
 *   <tr><td>0x7F</td><td>anything else</td><td>the codec's bytes</td></tr>
 * </table>
 *
 * <p>Enums are written by constant <em>name</em>, so reordering constants keeps existing keys.
 * Strings with an unpaired surrogate (not valid UTF-8) go through the codec, which keeps every
 * char.
 *
 * <p><b>Why codec bytes are deterministic.</b> The key codec is created from the settings with no
 * registered classes (those are only allowed), so classes are written by name and never by a
 * registration id that could differ between applications. Kryo 5 writes record components and
 * fields sorted by name, and references are not tracked, so the bytes depend only on the values
 * (and on the classes' shapes: renaming or adding a field of a key class changes its keys). What
 * remains order-dependent is a collection's iteration order: keys containing a {@code HashMap},
 * {@code HashSet}, {@code Set.of}, {@code Map.of} or other unordered collection (at top level, in a
 * record component or field, in a list...) are refused with an {@link IllegalArgumentException};
 * use lists, sorted or enum collections instead. Keys of different classes never share bytes, even
 * when equal (an {@code ArrayList} and an equal {@code LinkedList}).
 *
 * <p>Thread-safe.
 */
public final class KeyEncoder {

  private static final byte STRING = 0x01;
  private static final byte INTEGER = 0x02;
  private static final byte LONG = 0x03;
  private static final byte SHORT = 0x04;
  private static final byte BYTE = 0x05;
  private static final byte CHARACTER = 0x06;
  private static final byte BOOLEAN = 0x07;
  private static final byte DOUBLE = 0x08;
  private static final byte FLOAT = 0x09;
  private static final byte UUID_TAG = 0x0A;
  private static final byte ENUM = 0x0B;
  private static final byte CODEC = 0x7F;

  private static final VarHandle SHORT_BITS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle CHAR_BITS =
      MethodHandles.byteArrayViewVarHandle(char[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BITS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BITS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
  private static final int FNV_PRIME = 0x01000193;

  private final Codec codec;
  private final AllowList allowList;
  private final ClassLoader classLoader;

  /**
   * Creates an encoder whose delegate codec is {@link Codecs#create created} from {@code settings}
   * with the registered classes turned into allowed classes (see the class comment).
   */
  public KeyEncoder(CodecSettings settings) {
    CodecSettings keySettings = withoutRegistrations(Objects.requireNonNull(settings, "settings"));
    this.codec = Codecs.create(keySettings);
    this.allowList = AllowList.from(keySettings);
    this.classLoader =
        settings.classLoader() != null ? settings.classLoader() : KeyEncoder.class.getClassLoader();
  }

  /**
   * Encodes a key (never null).
   *
   * @throws IllegalArgumentException if the key contains an unordered collection
   * @throws SerializationException if the key's class is not allowed or cannot be encoded
   */
  public byte[] encode(Object key) {
    Objects.requireNonNull(key, "key");
    if (key instanceof String s) {
      int length = Utf8.encodedLength(s);
      if (length >= 0) {
        byte[] bytes = tagged(STRING, length);
        Utf8.encode(s, bytes, 1);
        return bytes;
      }
      return viaCodec(key); // unpaired surrogate
    }
    if (key instanceof Integer i) {
      byte[] bytes = tagged(INTEGER, 4);
      INT_BITS.set(bytes, 1, i.intValue());
      return bytes;
    }
    if (key instanceof Long l) {
      byte[] bytes = tagged(LONG, 8);
      LONG_BITS.set(bytes, 1, l.longValue());
      return bytes;
    }
    if (key instanceof UUID uuid) {
      byte[] bytes = tagged(UUID_TAG, 16);
      LONG_BITS.set(bytes, 1, uuid.getMostSignificantBits());
      LONG_BITS.set(bytes, 9, uuid.getLeastSignificantBits());
      return bytes;
    }
    if (key instanceof Enum<?> constant) {
      return encodeEnum(constant);
    }
    if (key instanceof Short s) {
      byte[] bytes = tagged(SHORT, 2);
      SHORT_BITS.set(bytes, 1, s.shortValue());
      return bytes;
    }
    if (key instanceof Byte b) {
      byte[] bytes = tagged(BYTE, 1);
      bytes[1] = b;
      return bytes;
    }
    if (key instanceof Character c) {
      byte[] bytes = tagged(CHARACTER, 2);
      CHAR_BITS.set(bytes, 1, c.charValue());
      return bytes;
    }
    if (key instanceof Boolean b) {
      byte[] bytes = tagged(BOOLEAN, 1);
      bytes[1] = (byte) (b ? 1 : 0);
      return bytes;
    }
    if (key instanceof Double d) {
      byte[] bytes = tagged(DOUBLE, 8);
      LONG_BITS.set(bytes, 1, Double.doubleToLongBits(d));
      return bytes;
    }
    if (key instanceof Float f) {
      byte[] bytes = tagged(FLOAT, 4);
      INT_BITS.set(bytes, 1, Float.floatToIntBits(f));
      return bytes;
    }
    KeyDeterminism.check(key);
    return viaCodec(key);
  }

  /** Decodes a whole array produced by {@link #encode}. */
  public Object decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @throws SerializationException if the bytes are corrupt or name a class that is not allowed
   */
  public Object decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
    if (length == 0) {
      throw corrupt("the key is empty");
    }
    int body = offset + 1;
    int size = length - 1;
    // Each arm is boxed on its own (the switch's type is the method's Object): an int stays an
    // Integer.
    return switch (bytes[offset]) {
      case STRING -> new String(bytes, body, size, StandardCharsets.UTF_8);
      case INTEGER -> (int) INT_BITS.get(bytes, checkSize(body, size, 4));
      case LONG -> (long) LONG_BITS.get(bytes, checkSize(body, size, 8));
      case SHORT -> (short) SHORT_BITS.get(bytes, checkSize(body, size, 2));
      case BYTE -> bytes[checkSize(body, size, 1)];
      case CHARACTER -> (char) CHAR_BITS.get(bytes, checkSize(body, size, 2));
      case BOOLEAN -> bytes[checkSize(body, size, 1)] != 0;
      case DOUBLE -> Double.longBitsToDouble((long) LONG_BITS.get(bytes, checkSize(body, size, 8)));
      case FLOAT -> Float.intBitsToFloat((int) INT_BITS.get(bytes, checkSize(body, size, 4)));
      case UUID_TAG -> {
        checkSize(body, size, 16);
        yield new UUID((long) LONG_BITS.get(bytes, body), (long) LONG_BITS.get(bytes, body + 8));
      }
      case ENUM -> decodeEnum(bytes, body, size);
      case CODEC -> codec.decode(bytes, body, size);
      default -> throw corrupt("unknown key tag " + bytes[offset]);
    };
  }

  /**
   * The segment (0 to {@code segments - 1}) an encoded key belongs to: FNV-1a (32-bit) over all of
   * {@code encodedKey}, taken as an unsigned int, modulo {@code segments}. A storage format: every
   * application sharing a cache must agree, so this function must never change.
   */
  public static int segmentOf(byte[] encodedKey, int segments) {
    return segmentOf(encodedKey, 0, encodedKey.length, segments);
  }

  /**
   * {@link #segmentOf(byte[], int)} for {@code length} bytes of {@code bytes} from {@code offset}.
   */
  public static int segmentOf(byte[] bytes, int offset, int length, int segments) {
    if (segments <= 0) {
      throw new IllegalArgumentException("segments must be positive: " + segments);
    }
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int hash = FNV_OFFSET_BASIS;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash ^= bytes[i] & 0xFF;
      hash *= FNV_PRIME;
    }
    return Integer.remainderUnsigned(hash, segments);
  }

  private byte[] encodeEnum(Enum<?> constant) {
    Class<?> type = constant.getDeclaringClass(); // not the class of a constant with a body
    if (!allowList.allows(type)) {
      throw SerializationFailures.notAllowed(type.getName());
    }
    byte[] className = type.getName().getBytes(StandardCharsets.UTF_8);
    byte[] name = constant.name().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = tagged(ENUM, 2 + className.length + name.length);
    SHORT_BITS.set(bytes, 1, (short) className.length);
    System.arraycopy(className, 0, bytes, 3, className.length);
    System.arraycopy(name, 0, bytes, 3 + className.length, name.length);
    return bytes;
  }

  private Object decodeEnum(byte[] bytes, int body, int size) {
    int classNameLength = size < 2 ? -1 : Short.toUnsignedInt((short) SHORT_BITS.get(bytes, body));
    if (classNameLength < 0 || classNameLength > size - 2) {
      throw corrupt("truncated enum key");
    }
    String className = new String(bytes, body + 2, classNameLength, StandardCharsets.UTF_8);
    String name =
        new String(
            bytes, body + 2 + classNameLength, size - 2 - classNameLength, StandardCharsets.UTF_8);
    if (!allowList.allows(className)) {
      throw SerializationFailures.notAllowed(className); // checked before the class is loaded
    }
    Class<?> type;
    try {
      type = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SerializationException(
          className, "Enum " + className + " of a key cannot be loaded", e);
    }
    Object[] constants = type.getEnumConstants();
    if (constants != null) {
      for (Object constant : constants) {
        if (((Enum<?>) constant).name().equals(name)) {
          return constant;
        }
      }
    }
    throw new SerializationException(
        className, "Key names " + className + "." + name + ", which does not exist");
  }

  private byte[] viaCodec(Object key) {
    byte[] content = codec.encode(key);
    byte[] bytes = tagged(CODEC, content.length);
    System.arraycopy(content, 0, bytes, 1, content.length);
    return bytes;
  }

  private static byte[] tagged(byte tag, int contentLength) {
    byte[] bytes = new byte[1 + contentLength];
    bytes[0] = tag;
    return bytes;
  }

  private static int checkSize(int body, int size, int expected) {
    if (size != expected) {
      throw corrupt("expected " + expected + " content bytes, found " + size);
    }
    return body;
  }

  private static SerializationException corrupt(String detail) {
    return new SerializationException(
        SerializationFailures.UNKNOWN_CLASS, "Corrupt key bytes: " + detail);
  }

  /** Registered classes become allowed ones, so the key codec writes every class by name. */
  private static CodecSettings withoutRegistrations(CodecSettings settings) {
    List<String> allowed = new ArrayList<>(settings.allowedClasses());
    for (String registered : settings.registeredClasses()) {
      if (!registered.trim().startsWith("[")) { // arrays are allowed through their element type
        allowed.add(registered.trim());
      }
    }
    return new CodecSettings(settings.name(), allowed, List.of(), settings.classLoader());
  }
}
