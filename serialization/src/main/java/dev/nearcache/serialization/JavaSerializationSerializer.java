package dev.nearcache.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Writes one object with Java serialization inside the Kryo stream, as a length-prefixed block. The
 * length prefix keeps a corrupt Java block from desynchronising the surrounding Kryo data and lets
 * the reader parse the block in place, without copying it. Both directions enforce the allow-list
 * (see {@link AllowListObjectOutputStream} and {@link AllowListObjectInputStream}).
 */
final class JavaSerializationSerializer extends Serializer<Object> {

  private final AllowList allowList;
  private final ClassLoader classLoader;

  JavaSerializationSerializer(AllowList allowList, ClassLoader classLoader) {
    this.allowList = allowList;
    this.classLoader = classLoader;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new AllowListObjectOutputStream(bytes, allowList)) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new SerializationException(
          failedClass(e, object.getClass()),
          "Java serialization of " + object.getClass().getName() + " failed: " + e,
          e);
    }
    output.writeVarInt(bytes.size(), true);
    output.writeBytes(bytes.toByteArray());
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
    int length = input.readVarInt(true);
    int start = input.position();
    if (length < 0 || length > input.limit() - start) {
      throw new SerializationException(
          type.getName(),
          "Cannot decode "
              + type.getName()
              + ": the Java-serialization block is truncated or corrupt");
    }
    input.setPosition(start + length);
    // Kryo's Input here always wraps the whole encoded array (see KryoCodec), so read in place.
    try (ObjectInputStream in =
        AllowListObjectInputStream.open(
            new ByteArrayInputStream(input.getBuffer(), start, length), allowList, classLoader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new SerializationException(
          failedClass(e, type), "Java deserialization of " + type.getName() + " failed: " + e, e);
    }
  }

  private static String failedClass(Exception e, Class<?> fallback) {
    if (e instanceof InvalidClassException invalid && invalid.classname != null) {
      return invalid.classname;
    }
    if (e instanceof java.io.NotSerializableException && e.getMessage() != null) {
      return e.getMessage();
    }
    return fallback.getName();
  }

  /** Picks this serializer for every class that needs {@link JavaSerializationSemantics}. */
  @SuppressWarnings("rawtypes") // SerializerFactory's API uses raw Class
  static final class Factory implements SerializerFactory<JavaSerializationSerializer> {

    private final JavaSerializationSerializer serializer;

    Factory(JavaSerializationSerializer serializer) {
      this.serializer = serializer;
    }

    @Override
    public JavaSerializationSerializer newSerializer(Kryo kryo, Class type) {
      return serializer; // stateless, so one instance serves every class
    }

    @Override
    public boolean isSupported(Class type) {
      return JavaSerializationSemantics.required(type);
    }
  }
}
