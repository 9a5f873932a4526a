package dev.nearcache.jcache;

import dev.nearcache.jcache.internal.near.NearPath;
import dev.nearcache.jcache.internal.redis.OldValue;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.Reply;
import dev.nearcache.jcache.internal.redis.ReplyStatus;
import dev.nearcache.jcache.internal.redis.ScriptExecutor.Call;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code removeAll()} of a cache where nothing needs the key objects (no writer, no listener of
 * removals): each entry is removed by the encoded key its segment's index holds, so the keys are
 * never decoded, and keys of classes this node does not allow (stored by another node) are removed
 * as well. Each removal is the script {@code remove(key)} runs, a page of keys per pipelined batch,
 * so other nodes drop their copies key by key and the removals can be counted.
 */
final class RemoveAllByKeyBytes {

  private RemoveAllByKeyBytes() {}

  /**
   * Removes every entry the index lists and then everything this node holds near: which near keys
   * the bytes stand for cannot be known without decoding them. Clearing after the removals also
   * discards any read that was in flight across them, as {@code clear()} does.
   *
   * @return how many entries were removed (expired and vanished ones are not counted)
   */
  static long run(RedisStore store, NearPath near) {
    long removed = 0;
    try {
      // The index is walked with ZSCAN, which still returns every key present from start to end
      // while the walk removes keys behind it.
      Iterator<List<byte[]>> pages = store.keyPages();
      while (pages.hasNext()) {
        List<byte[]> page = pages.next();
        if (page.isEmpty()) {
          continue;
        }
        List<Call> calls = new ArrayList<>(page.size());
        for (byte[] key : page) {
          calls.add(store.remove(key, OldValue.DISCARD));
        }
        for (Reply reply : store.runAll(calls)) {
          if (reply.status() == ReplyStatus.REMOVED) {
            removed++;
          }
        }
      }
    } finally {
      near.clear(); // also after a failure: some keys may be gone already
    }
    return removed;
  }
}
