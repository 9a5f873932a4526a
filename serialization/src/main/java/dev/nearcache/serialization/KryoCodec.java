package dev.nearcache.serialization;

import com.esotericsoftware.kryo.util.Pool;
import java.util.Objects;

/**
 * The built-in {@code kryo} codec (Kryo 5). Thread-safe: each call borrows a configured Kryo
 * instance and its buffers from a pool.
 *
 * <p><b>Security.</b> Only allowed classes are written or read: the built-in safe JDK set, {@code
 * codec.allow} patterns and registered classes (see {@link CodecSettings}). Bytes naming any other
 * class are refused before that class is loaded. Application classes that customise Java
 * serialization ({@code readResolve}, {@code readObject}...) keep those semantics, and the
 * allow-list applies inside Java serialization too.
 *
 * <p>Built-in safe set: String, boxed primitives, BigInteger/BigDecimal, arrays of allowed types,
 * Date, java.sql Date/Time/Timestamp, UUID, Optional*, Locale, Currency, URI, BitSet, java.time
 * value types, every enum from {@code java.*}, and the common java.util(.concurrent) collections
 * and maps including {@code List.of}/{@code Set.of}/{@code Map.of}, {@code Arrays.asList} and the
 * {@code Collections} empty/singleton/unmodifiable/synchronized wrappers, and the JDK's common
 * exceptions with their stack traces ({@link SafeJdkThrowables}; every throwable, the application's
 * own too, keeps its message, cause, stack trace and suppressed exceptions through Java
 * serialization).
 *
 * <p><b>Format.</b> Kryo's {@code writeClassAndObject}. Registered classes are written as small ids
 * (their position in {@code codec.register} plus {@value KryoFactory#FIRST_REGISTRATION_ID}), so
 * every application sharing a cache must use the same list in the same order (appending is safe);
 * every other class is written by name. Object references are not tracked: shared sub-objects are
 * decoded as copies and cyclic graphs are refused with a {@link SerializationException}.
 *
 * <p>Every failure is a {@link SerializationException} naming the class involved, or {@code
 * "unknown"} when the bytes are too corrupt to tell.
 */
public final class KryoCodec implements Codec {

  /** More idle instances than this are not kept; bursts beyond it just create short-lived ones. */
  private static final int MAX_POOLED = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

  private final Pool<PooledKryo> pool;

  public KryoCodec(CodecSettings settings) {
    Objects.requireNonNull(settings, "settings");
    KryoFactory factory = new KryoFactory(settings, AllowList.from(settings));
    factory.newKryo(); // fail fast on a bad configuration, not on the first cache operation
    this.pool =
        new Pool<>(true, false, MAX_POOLED) {
          @Override
          protected PooledKryo create() {
            return new PooledKryo(factory.newKryo());
          }
        };
  }

  @Override
  public byte[] encode(Object value) {
    Objects.requireNonNull(value, "value");
    PooledKryo kryo = pool.obtain();
    byte[] bytes;
    try {
      bytes = kryo.encode(value);
    } catch (RuntimeException | StackOverflowError e) {
      // The instance may be mid-graph (generics stack, name ids): drop it instead of returning it.
      throw SerializationFailures.onEncode(value.getClass().getName(), e);
    }
    pool.free(kryo);
    return bytes;
  }

  @Override
  public Object decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
    PooledKryo kryo = pool.obtain();
    Object value;
    try {
      value = kryo.decode(bytes, offset, length);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // OutOfMemoryError: corrupt bytes can claim a huge collection or array size; the failed
      // allocation itself used no memory, so reporting corrupt bytes is accurate and safe.
      throw SerializationFailures.onDecode(kryo.lastRootClassName(), e);
    }
    pool.free(kryo);
    return value;
  }
}
