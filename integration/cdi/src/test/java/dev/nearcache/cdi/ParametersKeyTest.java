package dev.nearcache.cdi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nearcache.serialization.CodecSettings;
import dev.nearcache.serialization.KeyEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The interceptors' key: equality by parameters, and an encoded form that is only the parameters.
 */
class ParametersKeyTest {

  private static final KeyEncoder ENCODER =
      new KeyEncoder(
          new CodecSettings(
              "kryo",
              List.of(ParametersKey.class.getName()),
              List.of(),
              ParametersKeyTest.class.getClassLoader()));

  @Test
  void equalParametersMakeEqualKeys() {
    ParametersKey key = new ParametersKey("a", 1, null, new int[] {1, 2});
    assertEquals(key, new ParametersKey("a", 1, null, new int[] {1, 2}));
    assertEquals(key.hashCode(), new ParametersKey("a", 1, null, new int[] {1, 2}).hashCode());
    assertNotEquals(key, new ParametersKey("a", 1, null, new int[] {1, 3}));
    assertNotEquals(new ParametersKey("a", "b"), new ParametersKey("b", "a"));
    assertEquals("ParametersKey[a, 1, null, [1, 2]]", key.toString());
  }

  @Test
  void theKeyCopiesItsParameters() {
    Object[] parameters = {"a"};
    ParametersKey key = new ParametersKey(parameters);
    parameters[0] = "b";
    assertEquals(new ParametersKey("a"), key);
    key.parameters()[0] = "c";
    assertEquals(new ParametersKey("a"), key);
  }

  /**
   * The hash code is not written: a key whose hash code was computed (as it is, in a JVM where an
   * enum's identity hash code differs from another JVM's) encodes to the same bytes as a fresh one,
   * and decodes to an equal key with a working hash code.
   */
  @Test
  void theEncodedKeyIsTheParametersOnly() {
    ParametersKey hashed = new ParametersKey(TimeUnit.SECONDS, "sku-1", 7L);
    int hash = hashed.hashCode();
    byte[] bytes = ENCODER.encode(hashed);
    assertArrayEquals(bytes, ENCODER.encode(new ParametersKey(TimeUnit.SECONDS, "sku-1", 7L)));

    Object decoded = ENCODER.decode(bytes);
    assertEquals(hashed, decoded);
    assertEquals(hash, decoded.hashCode());
  }
}
