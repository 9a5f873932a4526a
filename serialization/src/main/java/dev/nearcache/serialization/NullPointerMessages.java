package dev.nearcache.serialization;

/**
 * Keeps a {@link NullPointerException}'s helpful message ({@code Cannot invoke "String.length()"
 * because ...}) when it is serialized. The JDK computes that message on demand from the exception's
 * internal backtrace, which is transient, so a decoded copy would say nothing; a copy written with
 * the message as its own text says what the original said.
 */
final class NullPointerMessages {

  private NullPointerMessages() {}

  /**
   * {@code npe} itself, or a copy carrying its computed message, stack trace, cause and suppressed.
   */
  static NullPointerException withMessageKept(NullPointerException npe) {
    String message = npe.getMessage();
    if (npe.getClass() != NullPointerException.class || message == null) {
      return npe; // a subclass cannot be copied generically; without a message there is nothing to
      // keep
    }
    NullPointerException copy = new NullPointerException(message);
    copy.setStackTrace(npe.getStackTrace());
    if (npe.getCause() != null) {
      copy.initCause(npe.getCause());
    }
    for (Throwable suppressed : npe.getSuppressed()) {
      copy.addSuppressed(suppressed);
    }
    return copy;
  }
}
