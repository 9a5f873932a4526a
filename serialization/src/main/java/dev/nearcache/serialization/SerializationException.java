package dev.nearcache.serialization;

/** A value could not be encoded, or bytes could not be decoded; names the class involved. */
public class SerializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String className;

  public SerializationException(String className, String message, Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  public SerializationException(String className, String message) {
    this(className, message, null);
  }

  /** The class that could not be encoded or decoded, or null when it is not known. */
  public String className() {
    return className;
  }
}
