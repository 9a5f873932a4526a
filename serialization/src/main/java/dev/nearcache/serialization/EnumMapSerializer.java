package dev.nearcache.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link EnumMap} for any key type. Kryo 5's generic map serializer instantiates an EnumMap without
 * its key type (and then fails), and its own EnumMapSerializer is bound to one enum. The key type
 * is taken from the first key; an empty map has no key and its key type is private to {@code
 * java.util} on Java 17, so empty maps go through (allow-listed) Java serialization, which records
 * it.
 */
final class EnumMapSerializer extends Serializer<EnumMap<?, ?>> {

  private final Serializer<Object> emptyMaps;

  EnumMapSerializer(Serializer<Object> javaSerialization) {
    super(false, false);
    this.emptyMaps = javaSerialization;
  }

  @Override
  @SuppressWarnings(
      "EnumOrdinal") // the format names a key by its ordinal, as Kryo's own enum serializer does
  public void write(Kryo kryo, Output output, EnumMap<?, ?> map) {
    output.writeVarInt(map.size(), true);
    if (map.isEmpty()) {
      emptyMaps.write(kryo, output, map);
      return;
    }
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Enum<?> key = (Enum<?>) entry.getKey();
      if (first) {
        kryo.writeClass(output, key.getDeclaringClass());
        first = false;
      }
      output.writeVarInt(key.ordinal(), true);
      kryo.writeClassAndObject(output, entry.getValue());
    }
  }

  @Override
  public EnumMap<?, ?> read(Kryo kryo, Input input, Class<? extends EnumMap<?, ?>> type) {
    int size = input.readVarInt(true);
    if (size == 0) {
      Object empty = emptyMaps.read(kryo, input, EnumMap.class);
      if (empty instanceof EnumMap<?, ?> map) {
        return map;
      }
      throw corrupt();
    }
    Registration registration = kryo.readClass(input);
    if (registration == null || !registration.getType().isEnum()) {
      throw corrupt();
    }
    Object[] constants = registration.getType().getEnumConstants();
    EnumMap<?, ?> map = newEnumMap(registration.getType());
    for (int i = 0; i < size; i++) {
      int ordinal = input.readVarInt(true);
      if (ordinal < 0 || ordinal >= constants.length) {
        throw corrupt();
      }
      put(map, constants[ordinal], kryo.readClassAndObject(input));
    }
    return map;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the key type was checked to be an enum
  private static EnumMap<?, ?> newEnumMap(Class keyType) {
    return new EnumMap(keyType);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the key is a constant of the map's key type
  private static void put(EnumMap map, Object key, Object value) {
    map.put((Enum) key, value);
  }

  private static SerializationException corrupt() {
    return new SerializationException(
        EnumMap.class.getName(), "Cannot decode java.util.EnumMap: the bytes are corrupt");
  }
}
