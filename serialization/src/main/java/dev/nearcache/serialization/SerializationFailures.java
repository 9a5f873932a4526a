package dev.nearcache.serialization;

import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import java.lang.reflect.InvocationHandler;

/**
 * Turns whatever went wrong inside Kryo or Java serialization into a {@link SerializationException}
 * that names a class and says what to do, so that no library-specific exception leaks to callers.
 */
final class SerializationFailures {

  static final String UNKNOWN_CLASS = "unknown";

  private static final String UNABLE_TO_FIND_CLASS = "Unable to find class: ";

  private SerializationFailures() {}

  /** The class is outside the allow-list (on write or on read). */
  static SerializationException notAllowed(String className) {
    if (className.equals(ClosureSerializer.Closure.class.getName())) {
      return new SerializationException(
          className, "Lambdas cannot be encoded by this codec; use a class or record");
    }
    if (className.equals(InvocationHandler.class.getName())) {
      return new SerializationException(
          className, "Dynamic proxies cannot be encoded by this codec");
    }
    String element = ClassNames.arrayElement(className);
    if (element != null) {
      // codec.allow takes class names, not array descriptors: name the element, which is what to
      // allow.
      return new SerializationException(
          element,
          "Class "
              + className
              + " (an array of "
              + element
              + ") is not allowed by this codec: "
              + element
              + " is not. If its instances are safe to decode, "
              + allowAdvice(element)
              + " (arrays of allowed classes are allowed).");
    }
    return new SerializationException(
        className,
        "Class "
            + className
            + " is not allowed by this codec. If its"
            + " instances are safe to decode, "
            + allowAdvice(className)
            + ".");
  }

  /** An entry codec.allow accepts for the class, and its package's. */
  private static String allowAdvice(String className) {
    String pkg = ClassNames.packageOf(className);
    return "add "
        + className
        + " to codec.allow"
        + (pkg == null
            ? ""
            : " (or its package as " + pkg + ".*, with sub-packages " + pkg + ".**)");
  }

  /** Encoding {@code className} failed with {@code failure}. */
  static SerializationException onEncode(String className, Throwable failure) {
    SerializationException known = find(failure);
    if (known != null) {
      return known == failure
          ? known
          : new SerializationException(known.className(), known.getMessage(), failure);
    }
    if (isTooDeep(failure)) {
      return new SerializationException(
          className,
          "Cannot encode "
              + className
              + ": the object graph is too deep or cyclic (cycles are not supported)",
          failure);
    }
    return new SerializationException(
        className, "Cannot encode " + className + ": " + describe(failure), failure);
  }

  /**
   * Decoding failed; {@code className} is the outermost class read so far, or null when even that
   * could not be read.
   */
  static SerializationException onDecode(String className, Throwable failure) {
    String known = className == null ? UNKNOWN_CLASS : className;
    SerializationException cause = find(failure);
    if (cause != null) {
      return cause == failure
          ? cause
          : new SerializationException(cause.className(), cause.getMessage(), failure);
    }
    String missing = missingClass(failure);
    if (missing != null) {
      return new SerializationException(
          missing,
          "Class "
              + missing
              + " named in the bytes cannot be loaded "
              + "by the codec's class loader (written by another application or version?)",
          failure);
    }
    if (isTruncated(failure)) {
      return new SerializationException(
          known, "Cannot decode " + known + ": the bytes are truncated or corrupt", failure);
    }
    if (isTooDeep(failure)) {
      return new SerializationException(
          known, "Cannot decode " + known + ": the bytes nest too deeply", failure);
    }
    if (failure instanceof OutOfMemoryError) {
      return new SerializationException(
          known,
          "Cannot decode " + known + ": the bytes claim a size that cannot be allocated (corrupt?)",
          failure);
    }
    String message = String.valueOf(failure.getMessage());
    if (message.startsWith("Encountered unregistered class ID")) {
      return new SerializationException(
          known,
          "Cannot decode "
              + known
              + ": "
              + firstLine(message)
              + ". The writer registered classes this codec does not know: codec.register lists must be equal, "
              + "in the same order, in every application sharing the cache",
          failure);
    }
    return new SerializationException(
        known,
        "Cannot decode "
            + known
            + ": the bytes are corrupt or were written by an incompatible class version ("
            + describe(failure)
            + ")",
        failure);
  }

  private static SerializationException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SerializationException found) {
        return found;
      }
    }
    return null;
  }

  private static String missingClass(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.startsWith(UNABLE_TO_FIND_CLASS)) {
        return firstLine(message.substring(UNABLE_TO_FIND_CLASS.length())).trim();
      }
      if (t instanceof ClassNotFoundException && message != null) {
        return message.trim();
      }
    }
    return null;
  }

  private static boolean isTruncated(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KryoBufferUnderflowException
          || t instanceof java.io.EOFException
          || t instanceof IndexOutOfBoundsException
          || t instanceof NegativeArraySizeException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTooDeep(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StackOverflowError
          || (t.getMessage() != null && t.getMessage().startsWith("Max depth exceeded"))) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null ? failure.getClass().getSimpleName() : firstLine(message);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
