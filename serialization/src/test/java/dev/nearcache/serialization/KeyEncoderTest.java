package dev.nearcache.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.serialization.Fixtures.Color;
import dev.nearcache.serialization.Fixtures.OrderKey;
import dev.nearcache.serialization.Fixtures.PlainKey;
import dev.nearcache.serialization.Fixtures.PlainWithMap;
import dev.nearcache.serialization.Fixtures.Point;
import dev.nearcache.serialization.Fixtures.TagsKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyEncoderTest {

  private final KeyEncoder keys = KeyBytesPrinter.encoder(List.of());

  @SuppressWarnings("JavaUtilDate") // Date is a key type the encoder supports
  static Stream<Object> keys() {
    return Stream.of(
        "",
        "plain",
        "ünïcødé \uD83D\uDE00",
        "\uD800 lone high",
        "lone low \uDC00",
        Integer.MIN_VALUE,
        -1,
        0,
        Long.MAX_VALUE,
        (short) -3,
        (byte) 7,
        'x',
        '\uFFFF',
        true,
        false,
        0.0d,
        -0.0d,
        Double.NaN,
        1e300,
        Float.NEGATIVE_INFINITY,
        3.25f,
        UUID.randomUUID(),
        Color.RED,
        Color.GREEN,
        TimeUnit.HOURS,
        new OrderKey("eu", 1),
        new PlainKey("us", 2L),
        new Date(123L),
        List.of(1, "two"),
        new TreeSet<>(Set.of("b", "a")),
        new Point(1, 2),
        new java.math.BigDecimal("1.50"));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void roundTripsToAnEqualKey(Object key) {
    Object decoded = keys.decode(keys.encode(key));
    assertEquals(key, decoded);
    assertEquals(key.getClass(), decoded.getClass());
  }

  @Test
  void fixesTheFormatOfSimpleKeys() {
    assertArrayEquals(new byte[] {0x01, 'a', 'b'}, keys.encode("ab"));
    assertArrayEquals(new byte[] {0x01, (byte) 0xC3, (byte) 0xA9}, keys.encode("é"));
    assertArrayEquals(new byte[] {0x02, 0, 0, 1, 2}, keys.encode(258));
    assertArrayEquals(new byte[] {0x03, 0, 0, 0, 0, 0, 0, 0, 5}, keys.encode(5L));
    assertArrayEquals(new byte[] {0x07, 1}, keys.encode(true));
    byte[] uuid = keys.encode(new UUID(1, 2));
    assertEquals(17, uuid.length);
    assertEquals(0x0A, uuid[0]);
    byte[] color = keys.encode(Color.GREEN);
    assertEquals(0x0B, color[0]);
    assertTrue(new String(color, StandardCharsets.UTF_8).endsWith("Fixtures$ColorGREEN"));
    assertEquals(0x7F, keys.encode(new OrderKey("eu", 1))[0]);
  }

  @Test
  void enumConstantsWithBodiesDecodeToTheSameConstant() {
    assertSame(Color.GREEN, keys.decode(keys.encode(Color.GREEN)));
  }

  @Test
  void equalKeysGiveEqualBytes() {
    assertArrayEquals(keys.encode(new String("abc".toCharArray())), keys.encode("abc"));
    assertArrayEquals(
        keys.encode(Double.longBitsToDouble(0x7ff8000000000001L)), keys.encode(Double.NaN));
    assertArrayEquals(
        keys.encode(new OrderKey(new String("eu".toCharArray()), 1)),
        keys.encode(new OrderKey("eu", 1)));
    String shared = "x";
    assertArrayEquals(
        keys.encode(new PlainKey(shared, 1L)),
        keys.encode(new PlainKey(new String("x".toCharArray()), 1L)));
    TreeMap<String, Integer> ab = new TreeMap<>();
    ab.put("a", 1);
    ab.put("b", 2);
    TreeMap<String, Integer> ba = new TreeMap<>();
    ba.put("b", 2);
    ba.put("a", 1);
    assertArrayEquals(keys.encode(ab), keys.encode(ba));
  }

  @Test
  void unequalKeysGiveDifferentBytes() {
    assertFalse(
        Arrays.equals(keys.encode(0.0d), keys.encode(-0.0d))); // unequal under Double.equals
    assertFalse(Arrays.equals(keys.encode("\uD800"), keys.encode("\uD801"))); // both invalid UTF-8
    assertFalse(Arrays.equals(keys.encode(1), keys.encode(1L)));
    assertFalse(Arrays.equals(keys.encode("1"), keys.encode(1)));
  }

  @Test
  void registrationListsDoNotChangeKeyBytes() {
    KeyEncoder a =
        KeyBytesPrinter.encoder(List.of(OrderKey.class.getName(), PlainKey.class.getName()));
    KeyEncoder b =
        KeyBytesPrinter.encoder(
            List.of(PlainKey.class.getName(), OrderKey.class.getName(), Point.class.getName()));
    for (Object key : KeyBytesPrinter.sampleKeys()) {
      assertArrayEquals(a.encode(key), b.encode(key), () -> "key " + key);
      assertArrayEquals(a.encode(key), keys.encode(key), () -> "key " + key);
      assertEquals(key, b.decode(a.encode(key)));
    }
  }

  @Test
  void registeredClassesAreAllowedInKeys() {
    KeyEncoder registeredOnly =
        new KeyEncoder(
            new CodecSettings("kryo", List.of(), List.of(OrderKey.class.getName()), null));
    OrderKey key = new OrderKey("eu", 3);
    assertEquals(key, registeredOnly.decode(registeredOnly.encode(key)));
  }

  @Test
  void keyBytesAreTheSameInAnotherJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), KeyBytesPrinter.class.getName())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), () -> String.join("\n", lines));
    List<String> here =
        KeyBytesPrinter.sampleKeys().stream()
            .map(k -> HexFormat.of().formatHex(keys.encode(k)))
            .toList();
    assertEquals(here, lines);
  }

  @Test
  void refusesUnorderedCollections() {
    assertUnordered(new HashMap<>(Map.of("a", 1)));
    assertUnordered(new HashSet<>(Set.of("a", "b")));
    assertUnordered(new LinkedHashSet<>(List.of("a")));
    assertUnordered(Set.of("a", "b"));
    assertUnordered(Map.of("a", 1));
    assertUnordered(new TagsKey("t", new HashSet<>(Set.of("x"))));
    assertUnordered(new PlainWithMap(new HashMap<>()));
    assertUnordered(List.of(new TagsKey("t", Set.of())));
    // ordered kinds are fine
    assertEquals(
        new TagsKey("t", new TreeSet<>(Set.of("x"))),
        keys.decode(keys.encode(new TagsKey("t", new TreeSet<>(Set.of("x"))))));
    assertEquals(
        new TagsKey("t", Set.of()).name(),
        ((TagsKey) keys.decode(keys.encode(new TagsKey("t", java.util.Collections.emptySet()))))
            .name());
  }

  private void assertUnordered(Object key) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> keys.encode(key));
    assertTrue(e.getMessage().contains("iteration order"), e.getMessage());
  }

  @Test
  void refusesClassesThatAreNotAllowed() {
    KeyEncoder strict = new KeyEncoder(CodecSettings.defaults());
    assertEquals(
        OrderKey.class.getName(),
        assertThrows(SerializationException.class, () -> strict.encode(new OrderKey("eu", 1)))
            .className());
    assertEquals(
        Color.class.getName(),
        assertThrows(SerializationException.class, () -> strict.encode(Color.RED)).className());
    byte[] permitted = keys.encode(Color.RED);
    assertEquals(
        Color.class.getName(),
        assertThrows(SerializationException.class, () -> strict.decode(permitted)).className());
    assertEquals(
        TimeUnit.DAYS, strict.decode(strict.encode(TimeUnit.DAYS))); // JDK enums are built in
  }

  @Test
  void corruptKeysGiveSerializationException() {
    assertThrows(SerializationException.class, () -> keys.decode(new byte[0]));
    assertThrows(SerializationException.class, () -> keys.decode(new byte[] {0x55, 1}));
    assertThrows(SerializationException.class, () -> keys.decode(new byte[] {0x02, 1, 2}));
    assertThrows(
        SerializationException.class, () -> keys.decode(new byte[] {0x0B, 0x7F, 0x7F, 'x'}));
    assertThrows(SerializationException.class, () -> keys.decode(new byte[] {0x7F, 3, 3}));
    byte[] unknownConstant = keys.encode(Color.RED);
    unknownConstant[unknownConstant.length - 1] = 'X';
    assertThrows(SerializationException.class, () -> keys.decode(unknownConstant));
  }

  @Test
  void decodesASlice() {
    byte[] encoded = keys.encode(new OrderKey("eu", 5));
    byte[] framed = new byte[encoded.length + 4];
    System.arraycopy(encoded, 0, framed, 2, encoded.length);
    assertEquals(new OrderKey("eu", 5), keys.decode(framed, 2, encoded.length));
  }

  @Test
  void segmentOfIsAStableFnv1aHash() {
    assertEquals(
        0xE40C292CL % 1000,
        KeyEncoder.segmentOf(new byte[] {'a'}, 1000)); // FNV-1a("a") = 0xe40c292c
    assertEquals(Integer.toUnsignedLong(0x811C9DC5) % 7, KeyEncoder.segmentOf(new byte[0], 7));
    assertEquals(0, KeyEncoder.segmentOf(keys.encode("anything"), 1));
    int[] counts = new int[16];
    for (int i = 0; i < 16_000; i++) {
      int segment = KeyEncoder.segmentOf(keys.encode("key-" + i), 16);
      assertTrue(segment >= 0 && segment < 16);
      counts[segment]++;
    }
    for (int count : counts) {
      assertTrue(count > 800 && count < 1200, Arrays.toString(counts));
    }
    byte[] framed = {9, 'a', 9};
    assertEquals(
        KeyEncoder.segmentOf(new byte[] {'a'}, 1000), KeyEncoder.segmentOf(framed, 1, 1, 1000));
    assertThrows(IllegalArgumentException.class, () -> KeyEncoder.segmentOf(new byte[] {1}, 0));
  }

  @Test
  void differentKeysUsuallyLandInDifferentSegments() {
    assertNotEquals(
        KeyEncoder.segmentOf(keys.encode("a"), 1 << 20),
        KeyEncoder.segmentOf(keys.encode("b"), 1 << 20));
  }
}
