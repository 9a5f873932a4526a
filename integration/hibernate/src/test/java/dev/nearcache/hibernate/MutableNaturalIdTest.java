package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nearcache.hibernate.model.RenamedAuthor;
import dev.nearcache.hibernate.model.RenamedBook;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A mutable natural id changed on one node, under READ_WRITE and NONSTRICT_READ_WRITE: both nodes
 * had cached the old natural id's resolution; after the change commits, the old natural id resolves
 * to nothing and the new one to the row, on both nodes (within the provider's bound).
 */
@ExtendWith(Backends.class)
class MutableNaturalIdTest {

  @Test
  void aChangedNaturalIdNoLongerResolvesOnAnyNode() {
    renamedOnOneNode(
        RenamedBook.class, RenamedBook::new, (row, code) -> ((RenamedBook) row).setCode(code));
    renamedOnOneNode(
        RenamedAuthor.class,
        RenamedAuthor::new,
        (row, code) -> ((RenamedAuthor) row).setCode(code));
  }

  // bySimpleNaturalId is deprecated in Hibernate 7.4, whose replacement 7.2 does not have.
  @SuppressWarnings("deprecation")
  private static <T> void renamedOnOneNode(
      Class<T> type,
      java.util.function.BiFunction<Long, String, T> create,
      java.util.function.BiConsumer<Object, String> rename) {
    long id = Factories.nextId();
    String before = "before-" + id;
    String after = "after-" + id;
    try (SessionFactory a = Factories.build("urn:natural-a");
        SessionFactory b = Factories.build("urn:natural-b")) {
      a.inTransaction(s -> s.persist(create.apply(id, before)));
      for (SessionFactory node : List.of(a, b)) {
        node.inSession(
            s -> assertEquals(id, s.getIdentifier(s.bySimpleNaturalId(type).load(before))));
      }
      b.inTransaction(s -> rename.accept(s.find(type, id), after));
      for (SessionFactory node : List.of(a, b)) {
        SecondLevelCacheTest.eventually(
            () ->
                node.inSession(
                    s -> {
                      assertNull(s.bySimpleNaturalId(type).load(before), type + ": old id");
                      assertEquals(
                          id,
                          s.getIdentifier(s.bySimpleNaturalId(type).load(after)),
                          type + ": new id");
                    }));
      }
    }
  }
}
