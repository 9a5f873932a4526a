package dev.nearcache.serialization;

import static dev.nearcache.serialization.TestSupport.allowing;
import static dev.nearcache.serialization.TestSupport.codec;
import static dev.nearcache.serialization.TestSupport.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.serialization.Fixtures.BenignSerial;
import dev.nearcache.serialization.Fixtures.BenignValue;
import dev.nearcache.serialization.Fixtures.CachedHash;
import dev.nearcache.serialization.Fixtures.Color;
import dev.nearcache.serialization.Fixtures.Flags;
import dev.nearcache.serialization.Fixtures.JavaWrapper;
import dev.nearcache.serialization.Fixtures.Line;
import dev.nearcache.serialization.Fixtures.Money;
import dev.nearcache.serialization.Fixtures.Node;
import dev.nearcache.serialization.Fixtures.NotAllowed;
import dev.nearcache.serialization.Fixtures.NotAllowedSerial;
import dev.nearcache.serialization.Fixtures.Order;
import dev.nearcache.serialization.Fixtures.PlainKey;
import dev.nearcache.serialization.Fixtures.Point;
import dev.nearcache.serialization.Fixtures.Replaced;
import dev.nearcache.serialization.Fixtures.Singleton;
import dev.nearcache.serialization.Fixtures.WithObject;
import dev.nearcache.serialization.TestSupport.RecordingClassLoader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KryoCodecTest {

  /** Only the JDK safe set. */
  private final Codec jdkOnly = Codecs.create(CodecSettings.defaults());

  /** The test fixtures too. */
  private final Codec permissive = codec(Fixtures.PACKAGE);

  // ---------------------------------------------------------------- round trips

  // Date and LinkedList are types the codec supports: each needs its round trip.
  @SuppressWarnings({"JavaUtilDate", "JdkObsolete"})
  static Stream<Arguments> builtInValues() {
    Timestamp timestamp = new Timestamp(1_700_000_000_123L);
    timestamp.setNanos(123_456_789);
    BitSet bits = new BitSet();
    bits.set(3);
    bits.set(130);
    TreeMap<String, Integer> reversed = new TreeMap<>(Collections.reverseOrder());
    reversed.put("a", 1);
    reversed.put("b", 2);
    TreeSet<String> caseInsensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.addAll(List.of("b", "A", "c"));
    EnumMap<DayOfWeek, String> enumMap = new EnumMap<>(DayOfWeek.class);
    enumMap.put(DayOfWeek.MONDAY, "mon");
    LinkedHashMap<String, Integer> linkedMap = new LinkedHashMap<>();
    linkedMap.put("z", 1);
    linkedMap.put("a", 2);
    return Stream.of(
            "text",
            "",
            "ünïcødé \uD83D\uDE00",
            true,
            'c',
            (byte) 1,
            (short) 2,
            3,
            4L,
            5.5f,
            6.5d,
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("-12.3400"),
            new int[] {1, 2},
            new long[] {3},
            new byte[] {4, 5},
            new double[] {1.5},
            new boolean[] {true},
            new char[] {'x'},
            new short[] {7},
            new float[] {2.5f},
            new String[] {"a", null},
            new Object[] {1, "two", List.of(3)},
            new Integer[] {1, 2},
            new int[][] {{1}, {2, 3}},
            new Date(1_700_000_000_000L),
            new java.sql.Date(1_700_000_000_000L),
            timestamp,
            new java.sql.Time(1_000L),
            UUID.randomUUID(),
            Optional.of("x"),
            Optional.empty(),
            OptionalInt.of(3),
            Locale.CANADA_FRENCH,
            Currency.getInstance("EUR"),
            URI.create("https://example.com/a?b=c"),
            Instant.ofEpochSecond(1, 2),
            LocalDate.of(2024, 2, 29),
            LocalTime.NOON,
            LocalDateTime.of(2024, 1, 2, 3, 4),
            OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(2)),
            OffsetTime.of(1, 2, 3, 4, ZoneOffset.UTC),
            ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
            ZoneId.of("America/New_York"),
            ZoneOffset.ofHoursMinutes(5, 30),
            Duration.ofMillis(1234),
            Period.of(1, 2, 3),
            Year.of(2024),
            YearMonth.of(2024, 5),
            MonthDay.of(12, 25),
            DayOfWeek.FRIDAY,
            Month.MAY,
            ChronoUnit.DAYS,
            TimeUnit.SECONDS,
            RoundingMode.HALF_EVEN,
            new ArrayList<>(List.of(1, 2)),
            new LinkedList<>(List.of("a")),
            new HashMap<>(Map.of("k", 1)),
            linkedMap,
            reversed,
            new EnumMap<>(ChronoUnit.class),
            new ConcurrentHashMap<>(Map.of(1, "one")),
            new HashSet<>(Set.of(1, 2)),
            new LinkedHashSet<>(List.of("z", "a")),
            caseInsensitive,
            enumMap,
            EnumSet.of(DayOfWeek.MONDAY),
            EnumSet.allOf(ChronoUnit.class),
            new CopyOnWriteArrayList<>(List.of(1)),
            new ConcurrentSkipListMap<>(Map.of("a", 1)),
            bits,
            Collections.emptyList(),
            Collections.emptySet(),
            Collections.emptyMap(),
            Collections.singletonList(1),
            Collections.singleton("s"),
            Collections.singletonMap("k", "v"),
            Collections.emptySortedSet(),
            Collections.emptyNavigableMap(),
            Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
            Collections.unmodifiableList(new LinkedList<>(List.of(1, 2))),
            Collections.unmodifiableCollection(new ArrayList<>(List.of(1))),
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of(3, 1, 2))),
            Collections.unmodifiableSortedSet(new TreeSet<>(caseInsensitive)),
            Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1))),
            Collections.unmodifiableNavigableMap(reversed),
            Collections.synchronizedList(new ArrayList<>(List.of(1))),
            Collections.synchronizedSet(new HashSet<>(Set.of(1))),
            Collections.synchronizedMap(new HashMap<>(Map.of(1, 2))),
            Collections.synchronizedSortedMap(new TreeMap<>(Map.of(1, 2))),
            List.of(),
            List.of(1),
            List.of(1, 2, 3),
            Set.of(),
            Set.of("a"),
            Set.of("a", "b", "c"),
            Map.of(),
            Map.of("a", 1),
            Map.of("a", 1, "b", 2, "c", 3),
            Arrays.asList("x", "y"),
            List.of(Map.of("nested", List.of(Set.of(1)))))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("builtInValues")
  void roundTripsBuiltInTypesWithoutConfiguration(Object value) {
    Object decoded = jdkOnly.decode(jdkOnly.encode(value));
    assertEquals(value.getClass(), decoded.getClass());
    if (value.getClass().isArray()) {
      assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {decoded}));
    } else if (value.getClass().getName().equals("java.util.Collections$UnmodifiableCollection")) {
      assertNotSame(value, decoded); // has identity equals; contents are compared below
    } else {
      assertEquals(value, decoded);
    }
    if (value
        instanceof Iterable<?> iterable) { // iteration order (LinkedHash*, sorted, comparators)
      assertEquals(toList(iterable), toList((Iterable<?>) decoded));
    }
    if (value instanceof Map<?, ?> map) {
      assertEquals(toList(map.keySet()), toList(((Map<?, ?>) decoded).keySet()));
    }
  }

  @Test
  void roundTripsArrayDequeContents() {
    ArrayDeque<String> deque = new ArrayDeque<>(List.of("a", "b"));
    ArrayDeque<?> decoded = (ArrayDeque<?>) jdkOnly.decode(jdkOnly.encode(deque));
    assertEquals(List.of("a", "b"), new ArrayList<>(decoded));
  }

  @Test
  void roundTripsRecordsEnumsAndNestedCollections() {
    Map<String, List<Set<Integer>>> nested = new HashMap<>();
    nested.put("a", new ArrayList<>(List.of(new TreeSet<>(Set.of(3, 1)), Set.of())));
    Order order = new Order("o-1", 3, new ArrayList<>(List.of("x", "y")), nested);
    assertEquals(order, permissive.decode(permissive.encode(order)));

    Line line = new Line(new Point(1, 2), new Point(3, 4), Color.GREEN);
    assertEquals(line, permissive.decode(permissive.encode(line)));
    assertSame(Color.GREEN, permissive.decode(permissive.encode(Color.GREEN)));
    assertEquals(
        EnumSet.of(Color.RED, Color.GREEN),
        permissive.decode(permissive.encode(EnumSet.of(Color.RED, Color.GREEN))));

    Money money = new Money(new BigDecimal("9.99"), Currency.getInstance("USD"));
    assertEquals(List.of(money), permissive.decode(permissive.encode(List.of(money))));
    assertEquals(
        new PlainKey("eu", 7L), permissive.decode(permissive.encode(new PlainKey("eu", 7L))));
  }

  @Test
  void decodesASliceOfALargerArray() {
    byte[] encoded = jdkOnly.encode("slice");
    byte[] framed = new byte[encoded.length + 7];
    System.arraycopy(encoded, 0, framed, 3, encoded.length);
    assertEquals("slice", jdkOnly.decode(framed, 3, encoded.length));
  }

  // ---------------------------------------------------------------- allow-list on write

  @Test
  void refusesToEncodeAClassThatIsNotAllowed() {
    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(new NotAllowed()));
    assertEquals(NotAllowed.class.getName(), e.className());
    assertTrue(e.getMessage().contains("codec.allow"), e.getMessage());
  }

  @Test
  void refusesToEncodeANestedClassThatIsNotAllowed() {
    Codec strict = codec(WithObject.class.getName());
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> strict.encode(new WithObject(List.of(new NotAllowed()))));
    assertEquals(NotAllowed.class.getName(), e.className());
    assertTrue(e.getMessage().contains("codec.allow"), e.getMessage());
  }

  @Test
  @SuppressWarnings("UnnecessaryStringBuilder") // the value to refuse is the StringBuilder itself
  void refusesLambdasAndUnsafeJdkClasses() {
    Supplier<String> lambda = () -> "x";
    assertThrows(SerializationException.class, () -> permissive.encode(new WithObject(lambda)));
    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.encode(new StringBuilder("x")));
    assertEquals(StringBuilder.class.getName(), e.className());
    assertThrows(SerializationException.class, () -> jdkOnly.encode(Object.class));
    assertThrows(SerializationException.class, () -> jdkOnly.encode(new Object()));
  }

  @Test
  void refusesANotAllowedClassInsideJavaSerializationOnWrite() {
    Codec strict = codec(JavaWrapper.class.getName());
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> strict.encode(new JavaWrapper(new NotAllowedSerial())));
    assertEquals(NotAllowedSerial.class.getName(), e.className());
  }

  // ---------------------------------------------------------------- allow-list on read

  @Test
  void refusesToDecodeANotAllowedClassBeforeLoadingIt() {
    byte[] bytes = patch(permissive.encode(new WithObject(new BenignValue())), "Benign", "Poison");
    RecordingClassLoader loader = new RecordingClassLoader();
    Codec strict =
        Codecs.create(
            allowing(WithObject.class.getName(), BenignValue.class.getName())
                .withClassLoader(loader));

    SerializationException e =
        assertThrows(SerializationException.class, () -> strict.decode(bytes));

    assertEquals("dev.nearcache.serialization.Fixtures$PoisonValue", e.className());
    assertTrue(e.getMessage().contains("codec.allow"), e.getMessage());
    assertFalse(Flags.POISON_INITIALISED.get(), "static initialiser ran");
    assertFalse(loader.requestedAnything("Poison"), "class was loaded: " + loader.requested);
  }

  @Test
  void refusesToDecodeANotAllowedClassInsideJavaSerialization() {
    byte[] bytes =
        patch(permissive.encode(new JavaWrapper(new BenignSerial())), "Benign", "Poison");
    RecordingClassLoader loader = new RecordingClassLoader();
    Codec strict =
        Codecs.create(
            allowing(JavaWrapper.class.getName(), BenignSerial.class.getName())
                .withClassLoader(loader));

    SerializationException e =
        assertThrows(SerializationException.class, () -> strict.decode(bytes));

    assertEquals("dev.nearcache.serialization.Fixtures$PoisonSerial", e.className());
    assertFalse(Flags.POISON_SERIAL_INITIALISED.get(), "static initialiser ran");
    assertFalse(loader.requestedAnything("Poison"), "class was loaded: " + loader.requested);
    // the unpatched bytes decode fine with the same strict codec
    byte[] benign = permissive.encode(new JavaWrapper(new BenignSerial()));
    assertInstanceOf(JavaWrapper.class, strict.decode(benign));
  }

  @Test
  void decodesOnlyWhatTheReaderAllows() {
    byte[] bytes = permissive.encode(new Point(1, 2));
    SerializationException e =
        assertThrows(SerializationException.class, () -> jdkOnly.decode(bytes));
    assertEquals(Point.class.getName(), e.className());
  }

  @Test
  void namesAMissingClass() {
    byte[] bytes = patch(permissive.encode(new WithObject(new BenignValue())), "Benign", "Nobody");
    SerializationException e =
        assertThrows(SerializationException.class, () -> permissive.decode(bytes));
    assertEquals("dev.nearcache.serialization.Fixtures$NobodyValue", e.className());
    assertTrue(e.getMessage().contains("cannot be loaded"), e.getMessage());
  }

  // ---------------------------------------------------------------- registration

  @Test
  void registeredClassesAreWrittenAsIdsAndStillDecode() {
    CodecSettings registered =
        new CodecSettings(
            "kryo", List.of(), List.of(Point.class.getName(), Line.class.getName()), null);
    Codec codec = Codecs.create(registered);
    Line line = new Line(new Point(1, 2), new Point(3, 4), Color.RED);
    Codec byName = codec(Fixtures.PACKAGE);

    SerializationException notAllowedColor =
        assertThrows(SerializationException.class, () -> codec.encode(line));
    assertEquals(Color.class.getName(), notAllowedColor.className());

    Point point = new Point(5, 6);
    byte[] compact = codec.encode(point);
    assertTrue(compact.length < byName.encode(point).length);
    assertEquals(point, codec.decode(compact));
    assertEquals(point, Codecs.create(registered).decode(compact)); // same list, another instance

    SerializationException e =
        assertThrows(SerializationException.class, () -> byName.decode(compact));
    assertTrue(e.getMessage().contains("codec.register"), e.getMessage());
  }

  @Test
  void differentRegistrationListsInteroperateForUnregisteredClasses() {
    Codec writer =
        Codecs.create(
            new CodecSettings(
                "kryo", List.of(Fixtures.PACKAGE), List.of(Point.class.getName()), null));
    Codec reader =
        Codecs.create(
            new CodecSettings(
                "kryo", List.of(Fixtures.PACKAGE), List.of(Order.class.getName()), null));
    Money money = new Money(BigDecimal.TEN, Currency.getInstance("CHF"));
    assertEquals(money, reader.decode(writer.encode(money)));
  }

  @Test
  void rejectsBadConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> codec("*"));
    assertThrows(IllegalArgumentException.class, () -> codec("**"));
    assertThrows(IllegalArgumentException.class, () -> codec("com..x"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Codecs.create(
                new CodecSettings("kryo", List.of(), List.of("com.example.DoesNotExist"), null)));
  }

  // ---------------------------------------------------------------- Java-serialization semantics

  @Test
  void keepsReadResolveSingletons() {
    assertSame(Singleton.INSTANCE, permissive.decode(permissive.encode(Singleton.INSTANCE)));
    WithObject decoded =
        (WithObject) permissive.decode(permissive.encode(new WithObject(Singleton.INSTANCE)));
    assertSame(Singleton.INSTANCE, decoded.anything());
  }

  @Test
  void recomputesTransientStateInReadObject() {
    CachedHash value = new CachedHash("abc", 42);
    CachedHash decoded = (CachedHash) permissive.decode(permissive.encode(value));
    assertNotSame(value, decoded);
    assertEquals(value, decoded);
    assertEquals(value.cachedHash(), decoded.cachedHash()); // Kryo alone would leave it 0
    assertEquals(value.hashCode(), decoded.hashCode());
  }

  @Test
  void honoursWriteReplaceSerialProxies() {
    Replaced decoded = (Replaced) permissive.decode(permissive.encode(new Replaced("four")));
    assertEquals("four", decoded.value);
    assertEquals(4, decoded.length);
  }

  @Test
  void javaSerializedValuesMayContainAllowedJdkTypes() {
    JavaWrapper wrapper =
        new JavaWrapper(
            new ArrayList<>(
                List.of(
                    LocalDate.of(2024, 1, 1),
                    List.of(1, 2),
                    EnumSet.of(DayOfWeek.MONDAY),
                    new TreeMap<>(Map.of("a", new BigDecimal("1.5"))),
                    Optional.empty().isPresent())));
    wrapper.more.add(new ConcurrentHashMap<>(Map.of("k", Instant.EPOCH)));
    wrapper.more.add(Collections.unmodifiableList(new ArrayList<>(List.of(Color.BLUE))));
    JavaWrapper decoded =
        (JavaWrapper)
            codec(JavaWrapper.class.getName(), Color.class.getName())
                .decode(codec(JavaWrapper.class.getName(), Color.class.getName()).encode(wrapper));
    assertEquals(wrapper.payload, decoded.payload);
    assertEquals(wrapper.more, decoded.more);
  }

  // ---------------------------------------------------------------- corrupt input

  @Test
  void truncatedBytesGiveSerializationException() {
    Order order = new Order("o", 1, List.of("t"), Map.of("k", List.of(Set.of(1))));
    byte[] bytes = permissive.encode(order);
    for (int length = 0; length < bytes.length; length++) {
      int n = length;
      SerializationException e =
          assertThrows(SerializationException.class, () -> permissive.decode(bytes, 0, n));
      assertNotNull(e.className());
    }
  }

  @Test
  void trailingBytesGiveSerializationException() {
    byte[] bytes = Arrays.copyOf(jdkOnly.encode("value"), jdkOnly.encode("value").length + 1);
    assertThrows(SerializationException.class, () -> jdkOnly.decode(bytes));
  }

  @Test
  void garbageNeverLeaksAnotherException() {
    Random random = new Random(42);
    byte[] valid =
        permissive.encode(new Order("o", 1, List.of("t"), Map.of("k", List.of(Set.of(1)))));
    for (int i = 0; i < 3_000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = new byte[1 + random.nextInt(64)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      try {
        permissive.decode(bytes);
      } catch (SerializationException expected) {
        assertNotNull(expected.className());
      }
    }
  }

  @Test
  void cyclicGraphsGiveSerializationException() {
    Node node = new Node();
    node.next = node;
    SerializationException e =
        assertThrows(SerializationException.class, () -> permissive.encode(node));
    assertEquals(Node.class.getName(), e.className());
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  @SuppressWarnings(
      "EnumOrdinal") // values()[i % 3] only varies the colors: their order does not matter
  void isSafeToShareBetweenThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    Object value =
                        switch (i % 4) {
                          case 0 ->
                              new Order(
                                  "o" + thread + i,
                                  i,
                                  List.of("t" + i),
                                  Map.of("k", List.of(Set.of(i))));
                          case 1 ->
                              new Line(
                                  new Point(thread, i),
                                  new Point(i, thread),
                                  Color.values()[i % 3]);
                          case 2 -> new CachedHash("h" + i, thread);
                          default -> List.of(i, "s" + thread, LocalDate.ofEpochDay(i));
                        };
                    assertEquals(value, permissive.decode(permissive.encode(value)));
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Object> toList(Iterable<?> iterable) {
    List<Object> list = new ArrayList<>();
    iterable.forEach(list::add);
    return list;
  }
}
