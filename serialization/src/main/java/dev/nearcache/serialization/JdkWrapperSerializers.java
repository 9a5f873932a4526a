package dev.nearcache.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Serializers for {@code Collections.unmodifiable*}, {@code Collections.synchronized*} and {@code
 * Collections.emptySorted*}/{@code emptyNavigable*} wrappers.
 *
 * <p>Kryo 5 has none: its generic collection serializer would instantiate the wrapper without its
 * backing collection, and reflection into {@code java.util} is closed on Java 17. These write the
 * elements (and the comparator of sorted kinds) and rebuild the same wrapper class around a fresh
 * backing collection with the same iteration order.
 */
final class JdkWrapperSerializers {

  private JdkWrapperSerializers() {}

  /** How to rebuild one wrapper class: a backing collection for the elements, then the wrapper. */
  private record Shape(
      Class<?> type,
      boolean sorted,
      boolean synchronizedWrapper,
      Function<Comparator<Object>, Object> newBacking,
      Function<Object, Object> wrap) {}

  // LinkedList on purpose: wrapped, it gives the wrappers that are not RandomAccess, which are
  // classes of their own.
  @SuppressWarnings("JdkObsolete")
  private static final List<Shape> SHAPES =
      List.of(
          collection(
              Collections.unmodifiableCollection(new ArrayList<>()),
              false,
              c -> new ArrayList<>(),
              c -> Collections.unmodifiableCollection(asCollection(c))),
          collection(
              Collections.unmodifiableList(new ArrayList<>()),
              false,
              c -> new ArrayList<>(),
              c -> Collections.unmodifiableList(asList(c))),
          collection(
              Collections.unmodifiableList(new LinkedList<>()),
              false,
              c -> new LinkedList<>(),
              c -> Collections.unmodifiableList(asList(c))),
          collection(
              Collections.unmodifiableSet(new java.util.HashSet<>()),
              false,
              c -> new LinkedHashSet<>(),
              c -> Collections.unmodifiableSet(asSet(c))),
          collection(
              Collections.unmodifiableSortedSet(new TreeSet<>()),
              true,
              TreeSet::new,
              c -> Collections.unmodifiableSortedSet(asSortedSet(c))),
          collection(
              Collections.unmodifiableNavigableSet(new TreeSet<>()),
              true,
              TreeSet::new,
              c -> Collections.unmodifiableNavigableSet(asNavigableSet(c))),
          collection(
              Collections.synchronizedCollection(new ArrayList<>()),
              false,
              c -> new ArrayList<>(),
              c -> Collections.synchronizedCollection(asCollection(c))),
          collection(
              Collections.synchronizedList(new ArrayList<>()),
              false,
              c -> new ArrayList<>(),
              c -> Collections.synchronizedList(asList(c))),
          collection(
              Collections.synchronizedList(new LinkedList<>()),
              false,
              c -> new LinkedList<>(),
              c -> Collections.synchronizedList(asList(c))),
          collection(
              Collections.synchronizedSet(new java.util.HashSet<>()),
              false,
              c -> new LinkedHashSet<>(),
              c -> Collections.synchronizedSet(asSet(c))),
          collection(
              Collections.synchronizedSortedSet(new TreeSet<>()),
              true,
              TreeSet::new,
              c -> Collections.synchronizedSortedSet(asSortedSet(c))),
          collection(
              Collections.synchronizedNavigableSet(new TreeSet<>()),
              true,
              TreeSet::new,
              c -> Collections.synchronizedNavigableSet(asNavigableSet(c))),
          // emptySortedSet() and emptyNavigableSet() share one class; natural order, always empty
          collection(
              Collections.emptyNavigableSet(),
              false,
              c -> new ArrayList<>(),
              c -> Collections.emptyNavigableSet()),
          map(
              Collections.unmodifiableMap(new HashMap<>()),
              false,
              c -> new LinkedHashMap<>(),
              m -> Collections.unmodifiableMap(asMap(m))),
          map(
              Collections.unmodifiableSortedMap(new TreeMap<>()),
              true,
              TreeMap::new,
              m -> Collections.unmodifiableSortedMap(asSortedMap(m))),
          map(
              Collections.unmodifiableNavigableMap(new TreeMap<>()),
              true,
              TreeMap::new,
              m -> Collections.unmodifiableNavigableMap(asNavigableMap(m))),
          map(
              Collections.synchronizedMap(new HashMap<>()),
              false,
              c -> new LinkedHashMap<>(),
              m -> Collections.synchronizedMap(asMap(m))),
          map(
              Collections.synchronizedSortedMap(new TreeMap<>()),
              true,
              TreeMap::new,
              m -> Collections.synchronizedSortedMap(asSortedMap(m))),
          map(
              Collections.synchronizedNavigableMap(new TreeMap<>()),
              true,
              TreeMap::new,
              m -> Collections.synchronizedNavigableMap(asNavigableMap(m))),
          map(
              Collections.emptyNavigableMap(),
              false,
              c -> new HashMap<>(),
              m -> Collections.emptyNavigableMap()));

  private static final Set<String> NAMES =
      Set.copyOf(SHAPES.stream().map(shape -> shape.type().getName()).toList());

  /** Is {@code className} one of the wrapper classes handled here? */
  static boolean supports(String className) {
    return NAMES.contains(className);
  }

  /** Installs the serializers as defaults, each for its exact wrapper class. */
  static void addDefaultSerializers(Kryo kryo) {
    for (Shape shape : SHAPES) {
      Serializer<Object> serializer =
          Map.class.isAssignableFrom(shape.type())
              ? new MapWrapperSerializer(shape)
              : new CollectionWrapperSerializer(shape);
      kryo.addDefaultSerializer(shape.type(), new ExactTypeFactory(shape.type(), serializer));
    }
  }

  private static Shape collection(
      Object sample,
      boolean sorted,
      Function<Comparator<Object>, Object> backing,
      Function<Object, Object> wrap) {
    return new Shape(
        sample.getClass(),
        sorted,
        sample.getClass().getSimpleName().startsWith("Synchronized"),
        backing,
        wrap);
  }

  private static Shape map(
      Object sample,
      boolean sorted,
      Function<Comparator<Object>, Object> backing,
      Function<Object, Object> wrap) {
    return collection(sample, sorted, backing, wrap);
  }

  // Checked casts only: the backing collection is always created by the same Shape.
  private static Collection<Object> asCollection(Object o) {
    return cast(o);
  }

  private static List<Object> asList(Object o) {
    return cast(o);
  }

  private static Set<Object> asSet(Object o) {
    return cast(o);
  }

  private static SortedSet<Object> asSortedSet(Object o) {
    return cast(o);
  }

  private static NavigableSet<Object> asNavigableSet(Object o) {
    return cast(o);
  }

  private static Map<Object, Object> asMap(Object o) {
    return cast(o);
  }

  private static SortedMap<Object, Object> asSortedMap(Object o) {
    return cast(o);
  }

  private static NavigableMap<Object, Object> asNavigableMap(Object o) {
    return cast(o);
  }

  // T is the caller's target type, by design: the one unchecked cast behind the helpers above.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  private static <T> T cast(Object o) {
    return (T) o;
  }

  /**
   * Kryo matches default serializers with isAssignableFrom; wrappers subclass each other, so match
   * exactly.
   */
  @SuppressWarnings("rawtypes") // SerializerFactory's API uses raw types
  private static final class ExactTypeFactory implements SerializerFactory<Serializer> {
    private final Class<?> type;
    private final Serializer<Object> serializer;

    ExactTypeFactory(Class<?> type, Serializer<Object> serializer) {
      this.type = type;
      this.serializer = serializer;
    }

    @Override
    public Serializer newSerializer(Kryo kryo, Class requested) {
      return serializer;
    }

    @Override
    public boolean isSupported(Class requested) {
      return requested == type;
    }
  }

  private static final class CollectionWrapperSerializer extends Serializer<Object> {
    private final Shape shape;

    CollectionWrapperSerializer(Shape shape) {
      super(false, true); // never null; the wrappers are immutable or own their state
      this.shape = shape;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
      Collection<?> collection = (Collection<?>) object;
      if (shape.synchronizedWrapper()) {
        synchronized (collection) { // the wrapper's documented iteration lock
          writeElements(kryo, output, collection);
        }
      } else {
        writeElements(kryo, output, collection);
      }
    }

    private void writeElements(Kryo kryo, Output output, Collection<?> collection) {
      if (shape.sorted()) {
        kryo.writeClassAndObject(output, ((SortedSet<?>) collection).comparator());
      }
      output.writeVarInt(collection.size(), true);
      for (Object element : collection) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
      Comparator<Object> comparator = shape.sorted() ? cast(kryo.readClassAndObject(input)) : null;
      Collection<Object> backing = asCollection(shape.newBacking().apply(comparator));
      for (int i = input.readVarInt(true);
          i > 0;
          i--) { // no pre-sizing: corrupt sizes fail on underflow
        backing.add(kryo.readClassAndObject(input));
      }
      return shape.wrap().apply(backing);
    }
  }

  private static final class MapWrapperSerializer extends Serializer<Object> {
    private final Shape shape;

    MapWrapperSerializer(Shape shape) {
      super(false, true);
      this.shape = shape;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
      Map<?, ?> map = (Map<?, ?>) object;
      if (shape.synchronizedWrapper()) {
        synchronized (map) {
          writeEntries(kryo, output, map);
        }
      } else {
        writeEntries(kryo, output, map);
      }
    }

    private void writeEntries(Kryo kryo, Output output, Map<?, ?> map) {
      if (shape.sorted()) {
        kryo.writeClassAndObject(output, ((SortedMap<?, ?>) map).comparator());
      }
      output.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
      Comparator<Object> comparator = shape.sorted() ? cast(kryo.readClassAndObject(input)) : null;
      Map<Object, Object> backing = asMap(shape.newBacking().apply(comparator));
      for (int i = input.readVarInt(true); i > 0; i--) {
        Object key = kryo.readClassAndObject(input);
        backing.put(key, kryo.readClassAndObject(input));
      }
      return shape.wrap().apply(backing);
    }
  }
}
