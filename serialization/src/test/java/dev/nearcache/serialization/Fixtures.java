package dev.nearcache.serialization;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Application-like classes used by the tests. Nested, so "dev.nearcache.serialization.*" allows
 * them all.
 */
final class Fixtures {

  private Fixtures() {}

  static final String PACKAGE = "dev.nearcache.serialization.*";

  static String name(Class<?> type) {
    return type.getName();
  }

  record Order(
      String id, long quantity, List<String> tags, Map<String, List<Set<Integer>>> nested) {}

  record Money(BigDecimal amount, Currency currency) {}

  record Point(int x, int y) {}

  record Line(Point from, Point to, Color color) {}

  record Holder(List<String> items) {}

  record WithObject(Object anything) {}

  record OrderKey(String region, long id) {}

  record TagsKey(String name, Set<String> tags) {}

  enum Color {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "green (a constant with a body)";
      }
    },
    BLUE
  }

  /** A plain class without a no-argument constructor. */
  static final class PlainKey {
    private final String region;
    private final Long id;

    PlainKey(String region, Long id) {
      this.region = region;
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PlainKey other && region.equals(other.region) && id.equals(other.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(region, id);
    }
  }

  static final class PlainWithMap {
    final Map<String, String> attributes;

    PlainWithMap(Map<String, String> attributes) {
      this.attributes = attributes;
    }
  }

  /** Not in any allow-list used by the strict codecs. */
  static final class NotAllowed {
    final String secret = "x";
  }

  static final class NotAllowedSerial implements Serializable {
    private static final long serialVersionUID = 1L;
    final String secret = "x";
  }

  /** Encoded by the tests; its name is then patched into {@link PoisonValue}'s (same length). */
  static final class BenignValue {
    final String text = "hello";
  }

  /** Must never be loaded, let alone initialised, by a codec that does not allow it. */
  static final class PoisonValue {
    static {
      Flags.POISON_INITIALISED.set(true);
    }

    final String text = "hello";
  }

  static final class BenignSerial implements Serializable {
    private static final long serialVersionUID = 1L;
    final String text = "hello";
  }

  static final class PoisonSerial implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      Flags.POISON_SERIAL_INITIALISED.set(true);
    }

    final String text = "hello";
  }

  /** Separate holder, so reading a flag initialises no poison class. */
  static final class Flags {
    static final AtomicBoolean POISON_INITIALISED = new AtomicBoolean();
    static final AtomicBoolean POISON_SERIAL_INITIALISED = new AtomicBoolean();
  }

  /** Hibernate-style: identity matters, readResolve returns the singleton. */
  static final class Singleton implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Singleton INSTANCE = new Singleton();

    private Singleton() {}

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Hibernate-style: a transient cached hash code recomputed in readObject. */
  static final class CachedHash implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String a;
    private final int b;
    private transient int hash;

    CachedHash(String a, int b) {
      this.a = a;
      this.b = b;
      this.hash = computeHash();
    }

    private int computeHash() {
      return 31 * a.hashCode() + b;
    }

    int cachedHash() {
      return hash;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      hash = computeHash();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CachedHash other && a.equals(other.a) && b == other.b;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * writeReplace to a serial proxy whose readResolve rebuilds the value (Effective Java item 90).
   */
  static final class Replaced implements Serializable {
    private static final long serialVersionUID = 1L;
    final String value;
    final transient int length;

    Replaced(String value) {
      this.value = value;
      this.length = value.length();
    }

    private Object writeReplace() {
      return new Proxy(value);
    }

    private void readObject(ObjectInputStream in) throws java.io.InvalidObjectException {
      throw new java.io.InvalidObjectException("proxy required");
    }

    record Proxy(String value) implements Serializable {
      private Object readResolve() {
        return new Replaced(value);
      }
    }
  }

  /**
   * Java-serialized (has writeObject) and carries any payload, which Java serialization then
   * writes.
   */
  static final class JavaWrapper implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object payload;
    final ArrayList<Object> more = new ArrayList<>();

    JavaWrapper(Object payload) {
      this.payload = payload;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
    }
  }

  /** A mutable node that can form a cycle. */
  static final class Node {
    Node next;
  }
}
