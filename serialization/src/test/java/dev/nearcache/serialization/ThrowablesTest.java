package dev.nearcache.serialization;

import static dev.nearcache.serialization.TestSupport.codec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

/**
 * Throwables are stored with Java serialization's semantics: message, cause, stack trace and
 * suppressed exceptions come back; the JDK's common exceptions need no configuration, others (the
 * application's own) are allowed like any class, and JDK exceptions that hold arbitrary objects
 * stay refused.
 */
class ThrowablesTest {

  /** An application's exception, with a field of its own. */
  static final class OrderRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String orderId;

    OrderRejected(String orderId, Throwable cause) {
      super("order " + orderId + " rejected", cause);
      this.orderId = orderId;
    }
  }

  record Outcome(String name, Exception failure) {}

  private final Codec jdkOnly = Codecs.create(CodecSettings.defaults());

  private static IllegalStateException failureWithEverything() {
    IOException root = new IOException("disk full");
    IllegalStateException failure =
        new IllegalStateException("saving failed", new UncheckedIOException(root));
    failure.addSuppressed(new IllegalArgumentException("closing failed"));
    return failure;
  }

  @Test
  void aJdkExceptionKeepsMessageCauseStackTraceAndSuppressed() {
    IllegalStateException original = failureWithEverything();

    IllegalStateException copy = (IllegalStateException) jdkOnly.decode(jdkOnly.encode(original));

    assertNotSame(original, copy);
    assertEquals("saving failed", copy.getMessage());
    assertArrayEquals(original.getStackTrace(), copy.getStackTrace());
    UncheckedIOException cause = assertInstanceOf(UncheckedIOException.class, copy.getCause());
    assertEquals("disk full", cause.getCause().getMessage());
    assertArrayEquals(
        original.getCause().getCause().getStackTrace(), cause.getCause().getStackTrace());
    assertEquals(1, copy.getSuppressed().length);
    assertInstanceOf(IllegalArgumentException.class, copy.getSuppressed()[0]);
    assertEquals("closing failed", copy.getSuppressed()[0].getMessage());
  }

  @Test
  void exceptionsWithoutMessageOrStackTraceStayThatWay() {
    Exception bare = new Exception((String) null, null, false, false) {};
    ExecutionException wrapped = new ExecutionException(null);
    wrapped.setStackTrace(new StackTraceElement[0]);

    ExecutionException copy = (ExecutionException) jdkOnly.decode(jdkOnly.encode(wrapped));

    assertNull(copy.getMessage());
    assertNull(copy.getCause());
    assertEquals(0, copy.getStackTrace().length);
    // An anonymous class is the application's: not allowed without configuration.
    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(bare));
    assertEquals(bare.getClass().getName(), e.className());
  }

  @Test
  void anApplicationsExceptionIsAllowedLikeAnyClassAndKeepsItsFields() {
    OrderRejected original =
        new OrderRejected("o-7", new java.util.concurrent.TimeoutException("payment"));
    Codec allowing = codec(OrderRejected.class.getName());

    OrderRejected copy = (OrderRejected) allowing.decode(allowing.encode(original));

    assertEquals("o-7", copy.orderId);
    assertEquals("order o-7 rejected", copy.getMessage());
    assertEquals("payment", copy.getCause().getMessage());
    assertArrayEquals(original.getStackTrace(), copy.getStackTrace());

    SerializationException refused =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(original));
    assertEquals(OrderRejected.class.getName(), refused.className());
    assertTrue(refused.getMessage().contains("codec.allow"), refused.getMessage());
  }

  @Test
  void anExceptionInsideAValueIsStoredToo() {
    Codec allowing = codec(Outcome.class.getName());
    Outcome outcome = new Outcome("import", failureWithEverything());

    Outcome copy = (Outcome) allowing.decode(allowing.encode(outcome));

    assertEquals("saving failed", copy.failure().getMessage());
    assertEquals(1, copy.failure().getSuppressed().length);
  }

  @Test
  void stackTracesAloneAreValuesToo() {
    StackTraceElement[] trace = new Throwable().getStackTrace();
    assertArrayEquals(trace, (Object[]) jdkOnly.decode(jdkOnly.encode(trace)));
    assertEquals(trace[0], jdkOnly.decode(jdkOnly.encode(trace[0])));
  }

  /** Its readObject calls toString() on what it read: a classic first step of gadget chains. */
  @Test
  void jdkExceptionsThatHoldArbitraryObjectsStayRefused() {
    BadAttributeValueExpException gadget = new BadAttributeValueExpException("x");
    SerializationException alone =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(gadget));
    assertEquals(BadAttributeValueExpException.class.getName(), alone.className());

    IllegalStateException wrapping = new IllegalStateException("wrapper", gadget);
    SerializationException asCause =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(wrapping));
    assertEquals(BadAttributeValueExpException.class.getName(), asCause.className());
  }

  @Test
  @SuppressWarnings(
      "DereferenceWithNullBranch") // the null dereference is the point: it makes the NPE
  void aHelpfulNullPointerMessageSurvives() {
    NullPointerException npe =
        assertThrows(
            NullPointerException.class,
            () -> ((String) List.of().stream().findFirst().orElse(null)).length());
    String message = npe.getMessage();
    NullPointerException copy = (NullPointerException) jdkOnly.decode(jdkOnly.encode(npe));
    assertEquals(message, copy.getMessage());
    assertArrayEquals(npe.getStackTrace(), copy.getStackTrace());
  }
}
