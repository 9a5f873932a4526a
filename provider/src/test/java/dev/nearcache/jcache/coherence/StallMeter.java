package dev.nearcache.jcache.coherence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how late a thread that asks to sleep 1 ms wakes up (GC pauses, CPU starvation): a reader
 * that is not scheduled cannot read, but neither can a reconciliation task, so a stall of a node's
 * JVM adds to the staleness its readers can observe. Reported next to the staleness so that a
 * violation can be told apart from a machine that stopped a process for a while.
 */
final class StallMeter implements AutoCloseable {
  private static final long STALL_MICROS = 20_000;

  private final Thread thread;
  private volatile boolean running = true;
  private volatile long maxMicros;
  private final List<long[]> stalls = new ArrayList<>();

  StallMeter(String name) {
    thread = new Thread(this::run, "stall-meter-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long last = EventBuffer.nowMicros();
    while (running) {
      LockSupport.parkNanos(1_000_000);
      long now = EventBuffer.nowMicros();
      long late = now - last - 1_000;
      if (late > maxMicros) {
        maxMicros = late;
      }
      if (late >= STALL_MICROS) {
        synchronized (stalls) {
          stalls.add(new long[] {last, now});
        }
      }
      last = now;
    }
  }

  /** The longest stall so far, in microseconds. */
  long maxMicros() {
    return maxMicros;
  }

  /** The stalls of at least 20 ms as [from, to] wall-clock micros. */
  List<long[]> stalls() {
    synchronized (stalls) {
      return new ArrayList<>(stalls);
    }
  }

  /** The longest stall of at least 20 ms overlapping [from, to], in micros (0 if none). */
  long longestWithin(long from, long to) {
    long best = 0;
    for (long[] s : stalls()) {
      if (s[1] >= from && s[0] <= to) {
        best = Math.max(best, s[1] - s[0]);
      }
    }
    return best;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
