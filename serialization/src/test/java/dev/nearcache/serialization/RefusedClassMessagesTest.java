package dev.nearcache.serialization;

import static dev.nearcache.serialization.TestSupport.codec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.serialization.Fixtures.JavaWrapper;
import dev.nearcache.serialization.Fixtures.NotAllowedSerial;
import dev.nearcache.serialization.Fixtures.Point;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A refused class is reported with an entry codec.allow accepts: for an array, its element class
 * (an array is allowed when its element class is), never the JVM's array descriptor.
 */
class RefusedClassMessagesTest {

  private static final Pattern SUGGESTION = Pattern.compile("add (\\S+) to codec\\.allow");

  private final Codec jdkOnly = Codecs.create(CodecSettings.defaults());
  private final Codec permissive = codec(Fixtures.PACKAGE);

  /** The entry the message suggests; it must be one codec.allow accepts. */
  private static String suggestedEntry(SerializationException e) {
    Matcher m = SUGGESTION.matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    AllowPattern.parse(m.group(1));
    return m.group(1);
  }

  @Test
  void anArrayOfARefusedClassNamesTheElementOnWrite() {
    Point[][] points = {{new Point(1, 2)}};

    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(points));

    assertEquals(Point.class.getName(), e.className());
    assertTrue(
        e.getMessage().contains("(an array of " + Point.class.getName() + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("arrays of allowed classes are allowed"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "or its package as dev.nearcache.serialization.*, with sub-packages"
                    + " dev.nearcache.serialization.**"),
        e.getMessage());
    Codec following = codec(suggestedEntry(e));
    assertArrayEquals(points, (Object[]) following.decode(following.encode(points)));
  }

  @Test
  void anArrayOfARefusedClassNamesTheElementOnRead() {
    byte[] bytes = permissive.encode(new Point[] {new Point(1, 2)});

    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.decode(bytes));

    assertEquals(Point.class.getName(), e.className());
    assertEquals(Point.class.getName(), suggestedEntry(e));
  }

  @Test
  void anArrayInsideJavaSerializationNamesTheElement() {
    byte[] bytes =
        permissive.encode(new JavaWrapper(new NotAllowedSerial[] {new NotAllowedSerial()}));

    SerializationException e =
        assertThrows(
            SerializationException.class, () -> codec(JavaWrapper.class.getName()).decode(bytes));

    assertEquals(NotAllowedSerial.class.getName(), e.className());
    assertEquals(NotAllowedSerial.class.getName(), suggestedEntry(e));
  }

  @Test
  void aPlainClassSuggestsItselfAndItsPackage() {
    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(new Point(1, 2)));
    assertEquals(Point.class.getName(), suggestedEntry(e));
    assertTrue(e.getMessage().contains("dev.nearcache.serialization.*"), e.getMessage());
  }

  /** What a user copies from a stack trace: told what to write instead. */
  @Test
  void anArrayDescriptorAsAnAllowEntryIsRefusedWithTheEntryToWrite() {
    String[] arrayNames = {
      "[Ljava.io.Serializable;", "[[Ljava.io.Serializable;", "java.io.Serializable[]"
    };
    for (String pasted : arrayNames) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> codec(pasted));
      assertTrue(
          e.getMessage()
              .contains("arrays of allowed classes are allowed: write java.io.Serializable"),
          e.getMessage());
    }
  }

  /**
   * Hibernate's disassembled state: Serializable is an interface, so this allows only such arrays.
   */
  @Test
  void serializableArraysNeedNoConfiguration() {
    Serializable[] state = {"name", 42, null};
    assertArrayEquals(state, (Object[]) jdkOnly.decode(jdkOnly.encode(state)));
  }
}
