package dev.nearcache.serialization;

import java.util.regex.Pattern;

/**
 * One {@code codec.allow} entry: an exact class name ({@code com.example.Order}), one package
 * ({@code com.example.*}) or a package and its sub-packages ({@code com.example.**}).
 *
 * <p>A bare {@code *} or {@code **} is refused on purpose: "allow everything" is exactly the
 * configuration that makes deserialization of shared Redis data exploitable.
 */
final class AllowPattern {

  private enum Kind {
    EXACT,
    PACKAGE,
    SUBPACKAGES
  }

  private static final String IDENTIFIER =
      "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

  private final Kind kind;

  /** The class name (EXACT) or the package name followed by a dot (PACKAGE, SUBPACKAGES). */
  private final String prefix;

  private AllowPattern(Kind kind, String prefix) {
    this.kind = kind;
    this.prefix = prefix;
  }

  /** The syntax, as error messages state it. */
  static final String SYNTAX =
      "a class name (com.example.Order), a package (com.example.*) or a package and its"
          + " sub-packages (com.example.**); allowing every class is not supported";

  static AllowPattern parse(String raw) {
    return parse(raw, "codec.allow entry");
  }

  /**
   * @param what what the entry is, for the error: {@code codec.allow entry}, or a contributor's
   *     entry
   */
  static AllowPattern parse(String raw, String what) {
    String text = raw == null ? "" : raw.trim();
    Kind kind = Kind.EXACT;
    String name = text;
    if (text.endsWith(".**")) {
      kind = Kind.SUBPACKAGES;
      name = text.substring(0, text.length() - 3);
    } else if (text.endsWith(".*")) {
      kind = Kind.PACKAGE;
      name = text.substring(0, text.length() - 2);
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      String element = ClassNames.arrayElement(text);
      // A name copied from an error or a stack trace may be an array's: its element is what to
      // allow.
      String hint =
          element == null ? "" : " (arrays of allowed classes are allowed: write " + element + ")";
      throw new IllegalArgumentException(
          "Invalid " + what + " '" + raw + "': expected " + SYNTAX + hint);
    }
    return new AllowPattern(kind, kind == Kind.EXACT ? name : name + '.');
  }

  boolean matches(String className) {
    return switch (kind) {
      case EXACT -> className.equals(prefix);
      // Nested classes (Outer$Inner) share their outer class's package, so '$' is fine; a dot is
      // not.
      case PACKAGE -> className.startsWith(prefix) && className.indexOf('.', prefix.length()) < 0;
      case SUBPACKAGES -> className.startsWith(prefix);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case EXACT -> prefix;
      case PACKAGE -> prefix + '*';
      case SUBPACKAGES -> prefix + "**";
    };
  }
}
