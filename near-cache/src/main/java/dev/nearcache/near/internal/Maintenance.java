package dev.nearcache.near.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Where a near tier's Caffeine map runs its upkeep (replaying buffered accesses into the eviction
 * policy, evicting). Upkeep that a write of a near tier triggers runs on the writing thread: handed
 * to a pool, every write would wake a thread, and waking a thread costs more than the upkeep
 * itself. Upkeep that reads trigger, when an access buffer fills, goes to the common pool, as
 * Caffeine does by default: run on the reader, the one read that filled a buffer would replay every
 * buffered access into the eviction policy, a long stall for that read on a large tier
 * (BENCHMARKS.md, findings 2). Nothing here calls back into user code (no removal listener), so the
 * work is short and bounded either way.
 */
final class Maintenance implements Executor {
  /**
   * Per thread: how many near-tier writes it is inside of (writes do not nest today; a count is as
   * cheap).
   */
  private static final ThreadLocal<int[]> WRITES = ThreadLocal.withInitial(() -> new int[1]);

  static final Maintenance INSTANCE = new Maintenance(ForkJoinPool.commonPool());

  private final Executor background;

  Maintenance(Executor background) {
    this.background = background;
  }

  /** Marks the calling thread as writing a near tier until {@link #endWrite} with the result. */
  static int[] beginWrite() {
    int[] depth = WRITES.get();
    depth[0]++;
    return depth;
  }

  static void endWrite(int[] depth) {
    depth[0]--;
  }

  @Override
  public void execute(Runnable task) {
    if (WRITES.get()[0] > 0) {
      task.run();
    } else {
      background.execute(task);
    }
  }
}
