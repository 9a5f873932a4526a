package dev.nearcache.serialization;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Java serialization with the allow-list checked on write: {@link #annotateClass} runs once for
 * every class descriptor written (superclasses included), so a forbidden class fails when it is
 * cached rather than later, on every read, in another application. A {@link NullPointerException}
 * is written with its computed message as its own ({@link NullPointerMessages}).
 */
final class AllowListObjectOutputStream extends ObjectOutputStream {

  private final AllowList allowList;

  AllowListObjectOutputStream(OutputStream out, AllowList allowList) throws IOException {
    super(out);
    this.allowList = allowList;
    enableReplaceObject(true); // for replaceObject below
  }

  @Override
  protected Object replaceObject(Object object) {
    return object instanceof NullPointerException npe
        ? NullPointerMessages.withMessageKept(npe)
        : object;
  }

  @Override
  protected void annotateClass(Class<?> type) {
    if (!allowList.allowsInJavaSerialization(type)) {
      throw SerializationFailures.notAllowed(type.getName());
    }
  }

  @Override
  protected void annotateProxyClass(Class<?> type) {
    throw SerializationFailures.notAllowed(type.getName());
  }
}
