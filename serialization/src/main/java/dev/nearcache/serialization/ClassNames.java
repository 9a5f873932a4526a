package dev.nearcache.serialization;

/**
 * Reads class names as the JVM writes them, for messages that tell users what to allow: an array's
 * name ({@code [Lcom.example.Order;}) is not something {@code codec.allow} accepts, and need not
 * be, since an array is allowed when its element class is.
 */
final class ClassNames {

  private ClassNames() {}

  /**
   * The element class of an array of objects, named as the JVM ({@code [[Lcom.example.Order;}) or
   * the Java language ({@code com.example.Order[]}) does; null for anything else, including arrays
   * of primitives (always allowed).
   */
  static String arrayElement(String name) {
    if (name == null) {
      return null;
    }
    if (name.endsWith("[]")) {
      String element = name.substring(0, name.indexOf('['));
      return element.isEmpty() || (element.indexOf('.') < 0 && isPrimitive(element))
          ? null
          : element;
    }
    int dimensions = 0;
    while (dimensions < name.length() && name.charAt(dimensions) == '[') {
      dimensions++;
    }
    if (dimensions == 0 || name.length() < dimensions + 3) {
      return null;
    }
    String element = name.substring(dimensions);
    return element.charAt(0) == 'L' && element.endsWith(";")
        ? element.substring(1, element.length() - 1)
        : null;
  }

  /** The package of a class name, or null for the unnamed package. */
  static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot <= 0 ? null : className.substring(0, dot);
  }

  private static boolean isPrimitive(String name) {
    return switch (name) {
      case "boolean", "byte", "char", "short", "int", "long", "float", "double" -> true;
      default -> false;
    };
  }
}
