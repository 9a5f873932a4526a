package dev.nearcache.serialization;

import dev.nearcache.serialization.Fixtures.Color;
import dev.nearcache.serialization.Fixtures.OrderKey;
import dev.nearcache.serialization.Fixtures.PlainKey;
import java.time.LocalDate;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/** Prints the encoded sample keys, one hex line each; run in a separate JVM by KeyEncoderTest. */
public final class KeyBytesPrinter {

  private KeyBytesPrinter() {}

  @SuppressWarnings("JavaUtilDate") // Date is a key type the encoder supports
  static List<Object> sampleKeys() {
    TreeMap<String, Integer> sorted = new TreeMap<>();
    sorted.put("b", 2);
    sorted.put("a", 1);
    return List.of(
        "key-é",
        42,
        42L,
        1.5d,
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        Color.GREEN,
        new OrderKey("eu", 7),
        new PlainKey("us", 9L),
        new Date(1_700_000_000_000L),
        LocalDate.of(2024, 1, 1),
        List.of("a", 1),
        sorted);
  }

  static KeyEncoder encoder(List<String> registered) {
    return new KeyEncoder(new CodecSettings("kryo", List.of(Fixtures.PACKAGE), registered, null));
  }

  public static void main(String[] args) {
    // This JVM registers the classes, in another order than the test's: keys must not care.
    KeyEncoder encoder = encoder(List.of(PlainKey.class.getName(), OrderKey.class.getName()));
    for (Object key : sampleKeys()) {
      System.out.println(HexFormat.of().formatHex(encoder.encode(key)));
    }
  }
}
