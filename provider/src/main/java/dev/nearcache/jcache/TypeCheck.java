package dev.nearcache.jcache;

/**
 * The runtime type check of a cache configured with key and value types ({@code setTypes} or {@code
 * key-type}/{@code value-type}): a key or value of another class is a ClassCastException before
 * anything is encoded or sent. A type left at {@code Object} is held as null, so an untyped cache
 * pays one null comparison per argument.
 */
final class TypeCheck {
  private final String cacheName;

  /** The configured key type, or null when any key is allowed. */
  private final Class<?> keyType;

  /** The configured value type, or null when any value is allowed. */
  private final Class<?> valueType;

  TypeCheck(String cacheName, Class<?> keyType, Class<?> valueType) {
    this.cacheName = cacheName;
    this.keyType = checked(keyType);
    this.valueType = checked(valueType);
  }

  /**
   * Null for Object (anything goes); a primitive type checks its wrapper, which is what arrives.
   */
  private static Class<?> checked(Class<?> type) {
    if (type == null || type == Object.class) {
      return null;
    }
    return type.isPrimitive()
        ? java.lang.invoke.MethodType.methodType(type).wrap().returnType()
        : type;
  }

  void key(Object key) {
    if (keyType != null && !keyType.isInstance(key)) {
      throw mismatch("key", keyType, key);
    }
  }

  void value(Object value) {
    if (valueType != null && !valueType.isInstance(value)) {
      throw mismatch("value", valueType, value);
    }
  }

  /** Kept out of the checks so that they stay small enough to inline on the hot read path. */
  private ClassCastException mismatch(String what, Class<?> expected, Object actual) {
    return new ClassCastException(
        "Cache '"
            + cacheName
            + "' holds "
            + what
            + "s of "
            + expected.getName()
            + ", not "
            + actual.getClass().getName());
  }
}
