package dev.nearcache.near;

/**
 * A clock for the near tier's local-lifetime cap that costs a volatile read instead of a
 * {@code System.nanoTime()} call on every hit. One daemon thread advances it every 10 ms; the cap
 * (minutes by default) does not need finer time, and a late tick only serves an entry a little
 * longer within a cap that is itself a safety net. Logical expiry is not judged by it.
 *
 * <p>Why 10 ms and not 1 ms: the thread runs in every JVM that has a near tier, busy or idle. At
 * 1 ms it woke about 900 times a second and tripled how often the application's busy threads were
 * preempted in the hot-read benchmark (BENCHMARKS.md, findings 1); at 10 ms it wakes 100 times.
 */
final class CoarseClock {
  private static final long STEP_MILLIS = 10;
  private static volatile long nanos = System.nanoTime();

  static {
    Thread thread = new Thread(CoarseClock::run, "nearcache-coarse-clock");
    thread.setDaemon(true);
    thread.start();
  }

  private CoarseClock() {}

  private static void run() {
    while (true) {
      try {
        Thread.sleep(STEP_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      nanos = System.nanoTime();
    }
  }

  /** System.nanoTime() as of the last tick (at most about a millisecond behind). */
  static long nanos() {
    return nanos;
  }
}
