package dev.nearcache.jcache.internal.redis;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of this provider's own Redisson client. Redisson hands every pub/sub message it
 * decodes to its executor, so a change message reached the near tier only after a second thread
 * woke up: on a loaded two-core machine that wake-up made most of the invalidation delay's tail.
 * Here the tasks Redisson's pub/sub decoder submits run at once on the I/O thread that decoded
 * them; every other task goes to a pool like Redisson's default one.
 *
 * <p>Safe because the client is private to the provider: the only pub/sub listeners on it are the
 * near tier's, which never block (they update the local map, and the one Redis read they start is
 * asynchronous). Recognising the decoder's tasks by class name depends on Redisson's internals;
 * should they change, the tasks simply go to the pool as before.
 */
final class PubSubInlineExecutor extends AbstractExecutorService {
  private static final String PUB_SUB_DECODER = "org.redisson.client.handler.CommandPubSubDecoder";

  private final ExecutorService pool;

  /**
   * @param threads the pool's size (Redisson's default: twice the processors)
   */
  PubSubInlineExecutor(int threads, String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(threads, factory);
  }

  @Override
  public void execute(Runnable task) {
    if (task.getClass().getName().startsWith(PUB_SUB_DECODER)) {
      task.run();
    } else {
      pool.execute(task);
    }
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }
}
