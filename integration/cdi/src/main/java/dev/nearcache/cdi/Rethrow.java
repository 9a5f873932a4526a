package dev.nearcache.cdi;

import java.lang.reflect.UndeclaredThrowableException;

final class Rethrow {
  private Rethrow() {}

  /** For a {@link Throwable} that is neither an {@link Exception} nor an {@link Error}. */
  static UndeclaredThrowableException undeclared(Throwable t) {
    return new UndeclaredThrowableException(t);
  }
}
