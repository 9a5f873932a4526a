package dev.nearcache.jcache.internal.near;

import java.lang.reflect.RecordComponent;
import java.util.UUID;

/**
 * Chooses the object a key is held under in the near tier. A key of a type whose equals() agrees
 * exactly with its encoded bytes (String, boxed primitives, UUID, enums, and records made only of
 * such types) is used as it is: a hit then costs no encoding. Any other key is held by its encoded
 * bytes, so that a change message (which carries bytes) always finds what it invalidates.
 */
public final class NearKeys {
  private static final ClassValue<Boolean> BY_OBJECT =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return byObject(type, 0);
        }
      };

  private NearKeys() {}

  static boolean byObject(Class<?> type, int depth) {
    if (type == String.class
        || type == Integer.class
        || type == Long.class
        || type == Short.class
        || type == Byte.class
        || type == Character.class
        || type == Boolean.class
        || type == UUID.class
        || type.isEnum()
        || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
      return true;
    }
    if (type.isPrimitive()) {
      return type != float.class && type != double.class;
    }
    if (type.isRecord() && depth < 8) {
      for (RecordComponent c : type.getRecordComponents()) {
        if (!byObject(c.getType(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** True when keys of this class are held as themselves. */
  public static boolean heldAsObject(Class<?> type) {
    return BY_OBJECT.get(type);
  }

  /** The near-tier key for a decoded key and its bytes (change messages). */
  public static Object of(Object decodedKey, byte[] encoded) {
    return decodedKey != null && heldAsObject(decodedKey.getClass())
        ? decodedKey
        : new ByteKey(encoded);
  }

  /** The near-tier key from bytes alone, for keys that are never held as objects. */
  public static Object ofBytes(byte[] encoded) {
    return new ByteKey(encoded);
  }
}
