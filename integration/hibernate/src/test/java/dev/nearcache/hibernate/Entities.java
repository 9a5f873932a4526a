package dev.nearcache.hibernate;

import dev.nearcache.hibernate.model.Cached;
import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadOnlyCountry;
import dev.nearcache.hibernate.model.ReadWriteBook;
import java.util.List;

final class Entities {
  private Entities() {}

  static Cached create(
      Class<? extends Cached> type, long id, String code, String name, List<String> tags) {
    if (type == ReadOnlyCountry.class) {
      return new ReadOnlyCountry(id, code, name, tags);
    }
    if (type == NonStrictAuthor.class) {
      return new NonStrictAuthor(id, code, name, tags);
    }
    if (type == ReadWriteBook.class) {
      return new ReadWriteBook(id, code, name, tags);
    }
    throw new IllegalArgumentException(type.getName());
  }
}
