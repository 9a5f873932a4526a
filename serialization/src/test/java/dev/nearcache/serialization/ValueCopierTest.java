package dev.nearcache.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.serialization.Fixtures.Color;
import dev.nearcache.serialization.Fixtures.Holder;
import dev.nearcache.serialization.Fixtures.Line;
import dev.nearcache.serialization.Fixtures.Money;
import dev.nearcache.serialization.Fixtures.NotAllowed;
import dev.nearcache.serialization.Fixtures.Point;
import dev.nearcache.serialization.Fixtures.WithObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValueCopierTest {

  private final ValueCopier copier = new ValueCopier(TestSupport.codec(Fixtures.PACKAGE));

  static Stream<Object> immutables() {
    return Stream.of(
        "s",
        1,
        2L,
        'c',
        true,
        1.5d,
        new BigInteger("12"),
        new BigDecimal("1.2"),
        UUID.randomUUID(),
        Color.GREEN,
        LocalDate.now(ZoneId.systemDefault()),
        Instant.now(),
        ZoneId.of("Europe/Paris"),
        Locale.UK,
        Currency.getInstance("EUR"),
        URI.create("urn:x"),
        Optional.of("x"),
        Optional.empty(),
        new Point(1, 2),
        new Money(BigDecimal.ONE, Currency.getInstance("EUR")),
        new Line(new Point(1, 2), new Point(3, 4), Color.RED));
  }

  @ParameterizedTest
  @MethodSource("immutables")
  void sharesImmutableValues(Object value) {
    assertSame(value, copier.copy(value));
    if (!(value instanceof Optional)) {
      assertTrue(copier.isImmutable(value.getClass()));
    }
  }

  @Test
  @SuppressWarnings("JavaUtilDate") // Date is a mutable type the copier must copy
  void copiesMutableValues() {
    ArrayList<String> list = new ArrayList<>(List.of("a"));
    ArrayList<String> listCopy = copier.copy(list);
    assertNotSame(list, listCopy);
    assertEquals(list, listCopy);
    listCopy.add("b");
    assertEquals(List.of("a"), list);

    Date date = new Date(1234L);
    Date dateCopy = copier.copy(date);
    assertNotSame(date, dateCopy);
    assertEquals(date, dateCopy);

    Map<String, List<Integer>> map = new HashMap<>(Map.of("k", new ArrayList<>(List.of(1))));
    Map<String, List<Integer>> mapCopy = copier.copy(map);
    assertNotSame(map.get("k"), mapCopy.get("k"));
    assertEquals(map, mapCopy);

    Holder holder = new Holder(new ArrayList<>(List.of("x")));
    Holder holderCopy = copier.copy(holder);
    assertNotSame(holder, holderCopy);
    assertNotSame(holder.items(), holderCopy.items());
    assertEquals(holder, holderCopy);

    Optional<Date> optional = Optional.of(date);
    assertNotSame(optional.get(), copier.copy(optional).get());
  }

  @Test
  void knowsWhichRecordsAreImmutable() {
    assertTrue(copier.isImmutable(Point.class));
    assertTrue(copier.isImmutable(int.class));
    assertFalse(copier.isImmutable(Holder.class)); // List component
    assertFalse(copier.isImmutable(WithObject.class)); // Object component
    assertFalse(copier.isImmutable(Date.class));
    assertFalse(copier.isImmutable(int[].class));
    assertFalse(copier.isImmutable(Optional.class)); // depends on its content
  }

  @Test
  void nullStaysNullAndForbiddenClassesFail() {
    assertNull(copier.copy(null));
    ValueCopier strict = new ValueCopier(Codecs.create(CodecSettings.defaults()));
    assertThrows(SerializationException.class, () -> strict.copy(new NotAllowed()));
  }
}
