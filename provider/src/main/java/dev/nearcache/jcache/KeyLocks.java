package dev.nearcache.jcache;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per encoded key that is in use, so that this JVM runs at most one entry processor at a
 * time for a key. Without it, concurrent {@code invoke} calls on a cold key each read "absent",
 * each run their processor (for Spring's {@code @Cacheable(sync = true)}: each call the loader) and
 * all but one lose the version check and run again. With it, the second caller waits and its
 * processor sees the first one's result. Callers in other JVMs are still ordered by the version
 * compare of the commit, which this lock does not replace.
 *
 * <p>Locks exist only while held or awaited: the map holds no entry for an idle key, so it does not
 * grow with the key space. Keys are compared by their encoded bytes, the identity of the entry in
 * Redis, not by {@code equals}.
 */
final class KeyLocks {

  private static final class Holder {
    final ReentrantLock lock = new ReentrantLock();

    /** Threads holding or waiting for {@link #lock}; guarded by the map's bin lock. */
    int users;
  }

  private final ConcurrentHashMap<ByteBuffer, Holder> holders = new ConcurrentHashMap<>();

  /** Runs {@code body} while holding the lock of the key encoded as {@code encodedKey}. */
  <T> T underLock(byte[] encodedKey, Supplier<T> body) {
    ByteBuffer id = ByteBuffer.wrap(encodedKey);
    Holder holder =
        holders.compute(
            id,
            (k, current) -> {
              Holder h = current == null ? new Holder() : current;
              h.users++;
              return h;
            });
    try {
      holder.lock.lock();
      try {
        return body.get();
      } finally {
        holder.lock.unlock();
      }
    } finally {
      holders.computeIfPresent(id, (k, current) -> --current.users == 0 ? null : current);
    }
  }

  /** Keys whose lock is held or awaited now (for tests: idle keys leave nothing behind). */
  int inUse() {
    return holders.size();
  }
}
