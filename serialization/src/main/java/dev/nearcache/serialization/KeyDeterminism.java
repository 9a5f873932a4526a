package dev.nearcache.serialization;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Refuses keys whose codec bytes would depend on iteration order rather than on equality.
 *
 * <p>Two equal {@code HashSet}s (or {@code HashMap}s, {@code Set.of}, {@code PriorityQueue}...) can
 * iterate in different orders, depending on insertion history, capacity or, for {@code Set.of}, a
 * per-JVM random salt; the codec writes elements in iteration order, so equal keys would get
 * different bytes and miss each other's cache entries. Such collections are refused wherever they
 * occur: at top level, in record components, in fields of plain classes, in lists, arrays and
 * optionals. The refusal is by type, not size, so a key type that fails, fails on first use.
 * Ordered kinds are accepted: lists, deques, sorted sets/maps, enum sets/maps, and the empty and
 * singleton collections.
 */
final class KeyDeterminism {

  /** Keys are small; deeper nesting is almost certainly a cycle, which the codec cannot encode. */
  private static final int MAX_DEPTH = 64;

  private static final Set<Class<?>> AT_MOST_ONE_ELEMENT =
      Set.of(
          Collections.emptySet().getClass(), Collections.singleton(null).getClass(),
          Collections.emptyMap().getClass(), Collections.singletonMap(null, null).getClass());

  private static final Set<Class<?>> DETERMINISTIC_MUTABLE_JDK =
      Set.of(
          Date.class,
          java.sql.Date.class,
          java.sql.Time.class,
          java.sql.Timestamp.class,
          BitSet.class);

  /** Classes whose every instance encodes deterministically without looking inside. */
  private static final ClassValue<Boolean> LEAF =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return ImmutableTypes.isImmutable(type)
              || DETERMINISTIC_MUTABLE_JDK.contains(type)
              || (type.isArray() && type.getComponentType().isPrimitive());
        }
      };

  /** Record accessors or plain-class fields to look into, resolved once per class. */
  private static final ClassValue<List<AccessibleObject>> MEMBERS =
      new ClassValue<>() {
        @Override
        protected List<AccessibleObject> computeValue(Class<?> type) {
          return type.isRecord() ? accessors(type) : fields(type);
        }
      };

  private KeyDeterminism() {}

  /**
   * @throws IllegalArgumentException if {@code key} contains an unordered collection
   */
  static void check(Object key) {
    check(key, key, 0);
  }

  private static void check(Object value, Object key, int depth) {
    if (value == null) {
      return;
    }
    Class<?> type = value.getClass();
    if (LEAF.get(type)) {
      return;
    }
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "Key of " + key.getClass().getName() + " nests too deeply or is cyclic");
    }
    if (value instanceof Map<?, ?> map) {
      requireOrdered(
          map instanceof SortedMap || map instanceof EnumMap || AT_MOST_ONE_ELEMENT.contains(type),
          type,
          key);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        check(entry.getKey(), key, depth + 1);
        check(entry.getValue(), key, depth + 1);
      }
    } else if (value instanceof Collection<?> collection) {
      requireOrdered(
          collection instanceof List
              || collection instanceof Deque
              || collection instanceof SortedSet
              || collection instanceof EnumSet
              || AT_MOST_ONE_ELEMENT.contains(type),
          type,
          key);
      for (Object element : collection) {
        check(element, key, depth + 1);
      }
    } else if (value instanceof Object[] array) {
      for (Object element : array) {
        check(element, key, depth + 1);
      }
    } else if (value instanceof Optional<?> optional) {
      check(optional.orElse(null), key, depth + 1);
    } else if (!isJdk(type)) {
      for (AccessibleObject member : MEMBERS.get(type)) {
        check(read(member, value), key, depth + 1);
      }
    }
  }

  private static void requireOrdered(boolean ordered, Class<?> type, Object key) {
    if (!ordered) {
      throw new IllegalArgumentException(
          "Key of "
              + key.getClass().getName()
              + " contains a "
              + type.getName()
              + ", whose iteration order is not determined by its contents: equal keys could encode to different "
              + "bytes and miss each other's cache entries. Use a List, a SortedSet/SortedMap (TreeSet, TreeMap) "
              + "or an EnumSet/EnumMap in keys.");
    }
  }

  private static Object read(AccessibleObject member, Object owner) {
    try {
      return member instanceof Field field ? field.get(owner) : ((Method) member).invoke(owner);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new SerializationException(
          owner.getClass().getName(),
          "Cannot inspect key of " + owner.getClass().getName() + ": " + e,
          e);
    }
  }

  private static List<AccessibleObject> accessors(Class<?> type) {
    List<AccessibleObject> members = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      if (!component.getType().isPrimitive()) {
        addIfAccessible(members, component.getAccessor());
      }
    }
    return List.copyOf(members);
  }

  /**
   * The fields Kryo's FieldSerializer writes: non-static, non-transient, up to the first JDK
   * superclass.
   */
  private static List<AccessibleObject> fields(Class<?> type) {
    List<AccessibleObject> members = new ArrayList<>();
    for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers)
            && !Modifier.isTransient(modifiers)
            && !field.getType().isPrimitive()) {
          addIfAccessible(members, field);
        }
      }
    }
    return List.copyOf(members);
  }

  private static void addIfAccessible(List<AccessibleObject> members, AccessibleObject member) {
    // Inaccessible members (a class in a closed named module) are skipped: the codec cannot write
    // them either, and it reports that itself.
    if (member.trySetAccessible()) {
      members.add(member);
    }
  }

  private static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }
}
