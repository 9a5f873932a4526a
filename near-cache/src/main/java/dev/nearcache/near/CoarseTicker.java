package dev.nearcache.near;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A clock for the near tier's local-lifetime cap that costs a volatile read instead of a
 * {@code System.nanoTime()} call on every hit. One daemon thread advances it every millisecond;
 * the cap (minutes by default) does not need finer time. Logical expiry is not judged by it.
 */
final class CoarseTicker implements Ticker {
  static final CoarseTicker INSTANCE = new CoarseTicker();
  private static final long STEP_MILLIS = 1;

  private volatile long nanos = System.nanoTime();

  private CoarseTicker() {
    Thread thread = new Thread(this::run, "nearcache-coarse-clock");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (true) {
      try {
        Thread.sleep(STEP_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      nanos = System.nanoTime();
    }
  }

  @Override
  public long read() {
    return nanos;
  }
}
