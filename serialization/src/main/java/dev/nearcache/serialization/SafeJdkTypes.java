package dev.nearcache.serialization;

import java.util.Set;

/**
 * The JDK classes every codec allows without configuration: plain values and collections that carry
 * data but run no user-controlled code when rebuilt (no gadget chains). Anything else from the JDK
 * must be allowed explicitly, which keeps classes such as {@code javax.management.*}, {@code
 * java.rmi.*} or reflection types out of reach of crafted bytes.
 */
final class SafeJdkTypes {

  private SafeJdkTypes() {}

  private static final Set<String> VALUE_NAMES =
      Set.of(
          // java.lang: strings, boxed primitives and their common supertypes (arrays of them are
          // useful)
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Character",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Number",
          // An interface: no object has exactly this class, so allowing it allows nothing but
          // arrays
          // declared with it (Hibernate's disassembled state is a Serializable[]), as Object[] is.
          "java.io.Serializable",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          // java.util values
          "java.util.Date",
          "java.util.UUID",
          "java.util.Optional",
          "java.util.OptionalInt",
          "java.util.OptionalLong",
          "java.util.OptionalDouble",
          "java.util.Locale",
          "java.util.Currency",
          "java.util.BitSet",
          "java.sql.Date",
          "java.sql.Time",
          "java.sql.Timestamp",
          "java.net.URI",
          // java.time value types (DayOfWeek, Month, ChronoUnit... are enums, allowed by the enum
          // rule)
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.ZoneOffset",
          "java.time.ZoneRegion",
          "java.time.Duration",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          // collections and maps
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.ArrayDeque",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.EnumMap",
          "java.util.EnumSet",
          "java.util.RegularEnumSet",
          "java.util.JumboEnumSet",
          "java.util.Arrays$ArrayList",
          "java.util.concurrent.ConcurrentHashMap",
          "java.util.concurrent.ConcurrentSkipListMap",
          "java.util.concurrent.CopyOnWriteArrayList",
          "java.util.Collections$EmptyList",
          "java.util.Collections$EmptySet",
          "java.util.Collections$EmptyMap",
          "java.util.Collections$SingletonList",
          "java.util.Collections$SingletonSet",
          "java.util.Collections$SingletonMap",
          // comparators commonly held by TreeMap/TreeSet
          "java.lang.String$CaseInsensitiveComparator",
          "java.util.Collections$ReverseComparator",
          "java.util.Collections$ReverseComparator2");

  /** List.of/Set.of/Map.of and friends: java.util.ImmutableCollections$ListN, $Set12, $MapN... */
  private static final String IMMUTABLE_COLLECTIONS = "java.util.ImmutableCollections$";

  /**
   * Classes that only appear inside a Java-serialization stream: serial proxies used by {@code
   * writeReplace} of allowed JDK values, and serializable superclasses of allowed JDK values. They
   * are never allowed as Kryo values.
   */
  private static final Set<String> JAVA_SERIALIZATION_INTERNALS =
      Set.of(
          "java.lang.Enum",
          "java.time.Ser",
          "java.util.CollSer",
          "java.util.EnumSet$SerializationProxy",
          "java.util.Collections$UnmodifiableCollection",
          "java.util.Collections$SynchronizedCollection",
          "java.util.concurrent.ConcurrentHashMap$Segment",
          "java.util.concurrent.locks.ReentrantLock",
          "java.util.concurrent.locks.ReentrantLock$Sync",
          "java.util.concurrent.locks.ReentrantLock$NonfairSync",
          "java.util.concurrent.locks.AbstractQueuedSynchronizer",
          "java.util.concurrent.locks.AbstractOwnableSynchronizer");

  /** True for a built-in safe class name; may load (never initialise) a {@code java.*} class. */
  static boolean isSafe(String className) {
    return VALUE_NAMES.contains(className)
        || className.startsWith(IMMUTABLE_COLLECTIONS)
        || JdkWrapperSerializers.supports(className)
        || SafeJdkThrowables.isSafe(className)
        || isJdkEnum(className);
  }

  static boolean isJavaSerializationInternal(String className) {
    return JAVA_SERIALIZATION_INTERNALS.contains(className);
  }

  /** Enums from {@code java.*} (TimeUnit, DayOfWeek, RoundingMode...) are plain constants. */
  private static boolean isJdkEnum(String className) {
    if (!className.startsWith("java.")) {
      return false;
    }
    try {
      // Only the platform loader may define java.* classes, and initialize=false runs no code.
      Class<?> type = Class.forName(className, false, ClassLoader.getPlatformClassLoader());
      return Enum.class.isAssignableFrom(type) && type != Enum.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
