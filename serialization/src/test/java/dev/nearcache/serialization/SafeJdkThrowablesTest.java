package dev.nearcache.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link SafeJdkThrowables} claims of each class it allows, checked against the JDK that runs
 * the tests: the serial form holds only numbers, strings and throwables, and no class rebuilds
 * itself with code of its own except the few whose readObject is known to only check a cause.
 */
class SafeJdkThrowablesTest {

  /**
   * readObject only restores or checks the cause (ClassNotFoundException, UncheckedIOException...).
   */
  private static final Set<String> KNOWN_READ_OBJECT =
      Set.of(
          "java.lang.Throwable",
          "java.lang.ClassNotFoundException",
          "java.io.UncheckedIOException",
          "java.lang.reflect.UndeclaredThrowableException");

  private final Codec jdkOnly = Codecs.create(CodecSettings.defaults());

  static Stream<String> names() {
    return SafeJdkThrowables.NAMES.stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("names")
  void holdsOnlyNumbersStringsAndThrowables(String name) throws ClassNotFoundException {
    Class<?> type = Class.forName(name, false, ClassLoader.getPlatformClassLoader());
    assertTrue(Throwable.class.isAssignableFrom(type) || type == StackTraceElement.class, name);
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (ObjectStreamField field : ObjectStreamClass.lookup(c).getFields()) {
        Class<?> held = field.getType();
        boolean plain =
            held.isPrimitive()
                || held == String.class
                || Throwable.class.isAssignableFrom(held)
                || (c == Throwable.class
                    && (held == StackTraceElement[].class || held == List.class));
        assertTrue(plain, c.getName() + "." + field.getName() + " holds " + held.getName());
      }
      for (Method method : c.getDeclaredMethods()) {
        if (method.getName().equals("readObject") || method.getName().equals("readResolve")) {
          assertTrue(
              KNOWN_READ_OBJECT.contains(c.getName()),
              c.getName() + " declares " + method.getName());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void roundTripsWithItsMessage(String name) throws ReflectiveOperationException {
    Class<?> type = Class.forName(name, false, ClassLoader.getPlatformClassLoader());
    Constructor<?> withMessage;
    try {
      withMessage = type.getConstructor(String.class);
    } catch (NoSuchMethodException e) {
      return; // StackTraceElement, InvocationTargetException...: covered by ThrowablesTest or the
      // check above
    }
    Throwable original = (Throwable) withMessage.newInstance("message of " + name);
    Throwable copy = (Throwable) jdkOnly.decode(jdkOnly.encode(original));
    assertEquals(type, copy.getClass());
    assertEquals(original.getMessage(), copy.getMessage());
  }
}
