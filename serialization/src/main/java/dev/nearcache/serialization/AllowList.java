package dev.nearcache.serialization;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which classes a codec may write and read: the {@link SafeJdkTypes built-in safe set}, the
 * {@link CodecSettings#allowedClasses() codec.allow patterns} and the {@link
 * CodecSettings#registeredClasses() registered classes}.
 *
 * <p>Decisions are made on the class <em>name</em>, so that bytes naming a forbidden class are
 * refused before the class is even loaded, let alone initialised.
 */
final class AllowList {

  /**
   * Names come from untrusted bytes; a bound keeps a flood of distinct names from growing the
   * cache.
   */
  private static final int MAX_CACHED_NAMES = 4096;

  private final List<AllowPattern> patterns;
  private final Set<String> registered;
  private final ConcurrentHashMap<String, Boolean> allowedNames = new ConcurrentHashMap<>();

  private AllowList(List<AllowPattern> patterns, Set<String> registered) {
    this.patterns = patterns;
    this.registered = registered;
  }

  /**
   * @throws IllegalArgumentException if a {@code codec.allow} entry is malformed
   */
  static AllowList from(CodecSettings settings) {
    List<AllowPattern> patterns =
        settings.allowedClasses().stream().map(AllowPattern::parse).toList();
    Set<String> registered =
        Set.copyOf(settings.registeredClasses().stream().map(String::trim).toList());
    return new AllowList(patterns, registered);
  }

  /** May a value of this class be encoded or decoded? */
  boolean allows(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || (element == Object.class && type.isArray())) {
      return true;
    }
    // Hidden classes (lambdas) have no stable name and cannot be rebuilt from one.
    return !element.isHidden() && allows(element.getName());
  }

  /**
   * May bytes naming this class be decoded? Never loads the class (except java.* enums,
   * uninitialised).
   */
  boolean allows(String className) {
    return decide(className, false);
  }

  /**
   * Like {@link #allows(String)}, plus the JDK serial proxies that Java serialization itself
   * writes.
   */
  boolean allowsInJavaSerialization(String className) {
    return decide(className, true);
  }

  boolean allowsInJavaSerialization(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || (element == Object.class && type.isArray())) {
      return true;
    }
    return !element.isHidden() && decide(element.getName(), true);
  }

  private boolean decide(String name, boolean inJavaSerialization) {
    if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
      return false; // '/' only occurs in hidden-class names
    }
    if (name.charAt(0) == '[') {
      return allowsArrayDescriptor(name, inJavaSerialization);
    }
    if (inJavaSerialization && SafeJdkTypes.isJavaSerializationInternal(name)) {
      return true;
    }
    if (allowedNames.containsKey(name)) {
      return true;
    }
    boolean allowed =
        registered.contains(name) || matchesPattern(name) || SafeJdkTypes.isSafe(name);
    if (allowed && allowedNames.size() < MAX_CACHED_NAMES) {
      allowedNames.put(name, Boolean.TRUE);
    }
    return allowed;
  }

  /** {@code [I}, {@code [[Lcom.example.Order;}: an array is allowed when its element type is. */
  private boolean allowsArrayDescriptor(String descriptor, boolean inJavaSerialization) {
    int dimensions = 0;
    while (dimensions < descriptor.length() && descriptor.charAt(dimensions) == '[') {
      dimensions++;
    }
    String element = descriptor.substring(dimensions);
    if (element.length() == 1) {
      return "ZBCSIJFD".indexOf(element.charAt(0)) >= 0;
    }
    if (element.length() > 2 && element.charAt(0) == 'L' && element.endsWith(";")) {
      String name = element.substring(1, element.length() - 1);
      return name.equals("java.lang.Object") || decide(name, inJavaSerialization);
    }
    return false;
  }

  private boolean matchesPattern(String name) {
    for (AllowPattern pattern : patterns) {
      if (pattern.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
