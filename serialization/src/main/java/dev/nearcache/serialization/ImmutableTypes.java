package dev.nearcache.serialization;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Knows which classes are deeply immutable, so that store-by-value can share instances instead of
 * copying them. Answers are computed once per class (a {@link ClassValue}) since the check reflects
 * over record components.
 */
final class ImmutableTypes {

  private static final Set<Class<?>> KNOWN =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigInteger.class,
          BigDecimal.class,
          UUID.class,
          Locale.class,
          Currency.class,
          URI.class,
          OptionalInt.class,
          OptionalLong.class,
          OptionalDouble.class,
          Instant.class,
          LocalDate.class,
          LocalTime.class,
          LocalDateTime.class,
          OffsetDateTime.class,
          OffsetTime.class,
          ZonedDateTime.class,
          Duration.class,
          Period.class,
          Year.class,
          YearMonth.class,
          MonthDay.class);

  /**
   * Declared types that may be trusted for record components although they are not final: JDK
   * classes whose subclasses (if any) are immutable too. ZoneId's only subclasses are ZoneOffset
   * and the package-private ZoneRegion.
   */
  private static final Set<Class<?>> TRUSTED_NON_FINAL =
      Set.of(BigInteger.class, BigDecimal.class, ZoneId.class);

  private static final ClassValue<Boolean> CACHE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return compute(type, new HashSet<>());
        }
      };

  private ImmutableTypes() {}

  static boolean isImmutable(Class<?> type) {
    return CACHE.get(type);
  }

  /**
   * @param visiting the records on the path from the class asked about, to stop on self-reference
   */
  private static boolean compute(Class<?> type, Set<Class<?>> visiting) {
    if (type.isPrimitive() || KNOWN.contains(type) || Enum.class.isAssignableFrom(type)) {
      return true;
    }
    if (ZoneId.class.isAssignableFrom(type) && type.getName().startsWith("java.time.")) {
      return true; // ZoneOffset, ZoneRegion
    }
    if (!type.isRecord() || !visiting.add(type)) {
      return false; // a record that (indirectly) contains itself is treated as mutable: rare, and
      // safe
    }
    try {
      // A record is immutable when every component's declared type guarantees immutable values.
      for (RecordComponent component : type.getRecordComponents()) {
        Class<?> declared = component.getType();
        boolean trustedDeclaration =
            declared.isPrimitive()
                || Modifier.isFinal(declared.getModifiers())
                || Enum.class.isAssignableFrom(declared)
                || TRUSTED_NON_FINAL.contains(declared);
        if (!trustedDeclaration || !compute(declared, visiting)) {
          return false;
        }
      }
      return true;
    } finally {
      visiting.remove(type); // "visiting" is the current path: siblings may share a record type
    }
  }
}
