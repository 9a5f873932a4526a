package dev.nearcache.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * One Kryo instance with its own reusable buffers: what a thread borrows from {@link KryoCodec}'s
 * pool for one encode or decode, so the hot path allocates only the result array.
 */
final class PooledKryo {

  private static final byte[] NO_BYTES = new byte[0];
  private static final int INITIAL_BUFFER = 512;

  /** Larger buffers (left by an unusually big value) are dropped rather than kept in the pool. */
  private static final int MAX_RETAINED_BUFFER = 256 * 1024;

  private final Kryo kryo;
  private final GuardedClassResolver resolver;
  private final Output output = new Output(INITIAL_BUFFER, -1);
  private final Input input = new Input();

  PooledKryo(Kryo kryo) {
    this.kryo = kryo;
    this.resolver = (GuardedClassResolver) kryo.getClassResolver();
  }

  byte[] encode(Object value) {
    output.reset();
    kryo.writeClassAndObject(output, value);
    byte[] bytes = output.toBytes();
    if (output.getBuffer().length > MAX_RETAINED_BUFFER) {
      output.setBuffer(new byte[INITIAL_BUFFER], -1);
    }
    return bytes;
  }

  Object decode(byte[] bytes, int offset, int length) {
    resolver.beginRead();
    input.setBuffer(bytes, offset, length);
    try {
      Object value = kryo.readClassAndObject(input);
      int trailing = offset + length - input.position();
      if (trailing != 0) {
        String className =
            value == null ? SerializationFailures.UNKNOWN_CLASS : value.getClass().getName();
        throw new SerializationException(
            className,
            "Cannot decode "
                + className
                + ": "
                + trailing
                + " unexpected bytes follow the value (corrupt, or not written by this codec)");
      }
      return value;
    } finally {
      input.setBuffer(NO_BYTES); // do not keep the caller's array reachable from the pool
    }
  }

  /** The outermost class of the last decode, for error messages (null if none was read). */
  String lastRootClassName() {
    return resolver.rootClassName();
  }
}
