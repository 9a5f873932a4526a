package dev.nearcache.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.io.Serializable;
import java.net.URI;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Builds identically configured Kryo instances for one {@link CodecSettings}. Kryo is not
 * thread-safe, so {@link KryoCodec} pools several; they must all agree on every setting that
 * affects the bytes, which is why configuration lives in one place.
 */
final class KryoFactory {

  /**
   * Registered classes get ids from here on, in list order. Kryo 5.6.2 itself registers ids 0-8
   * (primitives and String); starting at a fixed number keeps our ids independent of that count.
   * Ids are a storage format: changing this base invalidates every stored value.
   */
  static final int FIRST_REGISTRATION_ID = 16;

  /** Cycles are not supported (references are not tracked); this turns one into a clear error. */
  static final int MAX_DEPTH = 1_000;

  private final AllowList allowList;
  private final ClassLoader classLoader;
  private final List<Class<?>> registeredClasses;

  KryoFactory(CodecSettings settings, AllowList allowList) {
    this.allowList = allowList;
    this.classLoader =
        settings.classLoader() != null
            ? settings.classLoader()
            : KryoFactory.class.getClassLoader();
    this.registeredClasses = load(settings.registeredClasses(), classLoader);
  }

  ClassLoader classLoader() {
    return classLoader;
  }

  Kryo newKryo() {
    // References stay off (Kryo's default): faster, and the bytes of equal values do not depend on
    // which sub-objects happen to be shared, which KeyEncoder relies on.
    Kryo kryo = new Kryo(new GuardedClassResolver(allowList), null);
    kryo.setRegistrationRequired(false);
    kryo.setWarnUnregisteredClasses(false);
    kryo.setClassLoader(classLoader);
    kryo.setMaxDepth(MAX_DEPTH);
    // No-arg constructors when present, otherwise Objenesis, so that immutable application classes
    // without a default constructor work. Only allowed classes ever reach instantiation.
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));

    // Safe JDK types Kryo supports but does not install by default.
    kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
    kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
    kryo.addDefaultSerializer(
        Timestamp.class, new DefaultSerializers.TimestampSerializer()); // keeps nanos
    JdkWrapperSerializers.addDefaultSerializers(kryo);
    JavaSerializationSerializer javaSerialization =
        new JavaSerializationSerializer(allowList, classLoader);
    kryo.addDefaultSerializer(EnumMap.class, new EnumMapSerializer(javaSerialization));
    // Application classes with Java-serialization hooks keep their semantics (see
    // JavaSerializationSemantics).
    kryo.addDefaultSerializer(
        Serializable.class, new JavaSerializationSerializer.Factory(javaSerialization));

    for (int i = 0; i < registeredClasses.size(); i++) {
      Class<?> type = registeredClasses.get(i);
      kryo.register(type, kryo.getDefaultSerializer(type), FIRST_REGISTRATION_ID + i);
    }
    return kryo;
  }

  private static List<Class<?>> load(List<String> names, ClassLoader loader) {
    List<Class<?>> classes = new ArrayList<>(names.size());
    for (String name : names) {
      try {
        classes.add(Class.forName(name.trim(), false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            "codec.register names class " + name + ", which cannot be loaded", e);
      }
    }
    return Collections.unmodifiableList(classes);
  }
}
