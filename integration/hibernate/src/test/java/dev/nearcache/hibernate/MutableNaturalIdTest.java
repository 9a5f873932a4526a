package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nearcache.hibernate.model.RenamedBook;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A mutable natural id changed on one node: both nodes had cached the old natural id's resolution;
 * after the change commits, the old natural id resolves to nothing and the new one to the row, on
 * both nodes (within the provider's bound).
 */
@ExtendWith(Backends.class)
class MutableNaturalIdTest {

  // bySimpleNaturalId is deprecated in Hibernate 7.4, whose replacement 7.2 does not have.
  @SuppressWarnings("deprecation")
  @Test
  void aChangedNaturalIdNoLongerResolvesOnAnyNode() {
    long id = Factories.nextId();
    String before = "before-" + id;
    String after = "after-" + id;
    try (SessionFactory a = Factories.build("urn:natural-a");
        SessionFactory b = Factories.build("urn:natural-b")) {
      a.inTransaction(s -> s.persist(new RenamedBook(id, before)));
      for (SessionFactory node : List.of(a, b)) {
        node.inSession(
            s -> assertEquals(id, s.bySimpleNaturalId(RenamedBook.class).load(before).getId()));
      }
      b.inTransaction(s -> s.find(RenamedBook.class, id).setCode(after));
      for (SessionFactory node : List.of(a, b)) {
        SecondLevelCacheTest.eventually(
            () ->
                node.inSession(
                    s -> {
                      assertNull(s.bySimpleNaturalId(RenamedBook.class).load(before), "old id");
                      assertEquals(
                          id, s.bySimpleNaturalId(RenamedBook.class).load(after).getId(), "new id");
                    }));
      }
    }
  }
}
