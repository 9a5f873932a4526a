package dev.nearcache.jcache.internal.near;

import dev.nearcache.jcache.internal.redis.Reply;
import dev.nearcache.near.internal.NearEntry;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a cache's operations pass through its near tier. {@link #DISABLED} sends everything to Redis;
 * {@link CoherentNearPath} serves hits locally and follows the coherence protocol around every
 * remote read and write.
 */
public interface NearPath extends AutoCloseable {

  /**
   * The near-tier key of a key, given its encoded form; null bytes only for a key whose class
   * {@link #keyHeldAsObject} accepted.
   */
  Object key(Object key, byte[] encodedOrNull);

  /** True when keys of this class are held as themselves (a hit needs no encoding). */
  boolean keyHeldAsObject(Class<?> type);

  /** The entry to serve, or null. */
  NearEntry lookup(Object nearKey);

  /** A remote read ({@code remote}) that may populate the near tier. */
  Reply read(Object nearKey, byte[] encodedKey, Supplier<Reply> remote);

  /**
   * This node's write of {@code value}: installed locally on success (docs/design.md, "Writes on
   * the writing node").
   */
  Reply write(
      Object nearKey, byte[] encodedKey, Object value, byte[] payload, Supplier<Reply> remote);

  /** A change whose outcome is not kept locally: the near copy is dropped around it. */
  Reply invalidating(Object nearKey, byte[] encodedKey, Supplier<Reply> remote);

  /**
   * A bulk remote read ({@code remote}, replies in key order) that may populate the near tier with
   * every key it finds.
   */
  default List<Reply> readAll(
      List<Object> nearKeys, List<byte[]> encodedKeys, Supplier<List<Reply>> remote) {
    return remote.get();
  }

  /** Pipelined writes; {@code values} may be null for removals. */
  List<Reply> writeAll(
      List<Object> nearKeys,
      List<byte[]> encodedKeys,
      List<Object> values,
      List<byte[]> payloads,
      Supplier<List<Reply>> remote);

  /** Moves an entry's local deadline after an access served locally. */
  void extend(NearEntry entry, long accessMillis);

  /** Drops a key's near copy. */
  void invalidate(Object nearKey);

  /** Drops everything held locally. */
  void clear();

  /**
   * Stops serving anything locally (and drops what is held) until called with false: the cache's
   * layout in Redis is not the one this node uses ({@code LayoutGuard}).
   */
  default void suspend(boolean suspended) {}

  /** The near tier's counters, or null when there is none. */
  dev.nearcache.near.NearCacheMetrics metrics();

  /**
   * How many of the cache's segments the near tier serves from now (live and under lease); 0 when
   * there is no near tier. Reads every segment's state once: for meters, not for the hit path.
   */
  int segmentsServing();

  @Override
  void close();

  NearPath DISABLED =
      new NearPath() {
        @Override
        public Object key(Object key, byte[] encodedOrNull) {
          return null;
        }

        @Override
        public boolean keyHeldAsObject(Class<?> type) {
          return false;
        }

        @Override
        public NearEntry lookup(Object nearKey) {
          return null;
        }

        @Override
        public Reply read(Object nearKey, byte[] encodedKey, Supplier<Reply> remote) {
          return remote.get();
        }

        @Override
        public Reply write(
            Object nearKey,
            byte[] encodedKey,
            Object value,
            byte[] payload,
            Supplier<Reply> remote) {
          return remote.get();
        }

        @Override
        public Reply invalidating(Object nearKey, byte[] encodedKey, Supplier<Reply> remote) {
          return remote.get();
        }

        @Override
        public List<Reply> writeAll(
            List<Object> nearKeys,
            List<byte[]> encodedKeys,
            List<Object> values,
            List<byte[]> payloads,
            Supplier<List<Reply>> remote) {
          return remote.get();
        }

        @Override
        public void extend(NearEntry entry, long accessMillis) {}

        @Override
        public void invalidate(Object nearKey) {}

        @Override
        public void clear() {}

        @Override
        public dev.nearcache.near.NearCacheMetrics metrics() {
          return null;
        }

        @Override
        public int segmentsServing() {
          return 0;
        }

        @Override
        public void close() {}
      };
}
