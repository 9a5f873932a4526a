package dev.nearcache.jcache.coherence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;

/**
 * The workload one node runs against a shared key set until a wall-clock end: writer threads, each
 * the only writer of its keys (key k belongs to global writer {@code k % totalWriters}), put an
 * increasing per-key counter and record every acknowledged put; reader threads read random keys and
 * record the counter they got (or null) with the read's start time. Failed operations (Redis down,
 * connection lost) are counted and not recorded; a failed put still uses up its counter, so a later
 * acknowledged put always carries a larger one.
 */
final class Workload {
  /** What one node runs; {@link #encode}/{@link #decode} carry it to a child process. */
  record Plan(
      long endEpochMillis,
      int keys,
      int totalWriters,
      int firstWriter,
      int writers,
      int readers,
      int maxReadsPerThread,
      long writePauseNanos,
      long readPauseNanos) {

    String encode() {
      return endEpochMillis
          + " "
          + keys
          + " "
          + totalWriters
          + " "
          + firstWriter
          + " "
          + writers
          + " "
          + readers
          + " "
          + maxReadsPerThread
          + " "
          + writePauseNanos
          + " "
          + readPauseNanos;
    }

    static Plan decode(String[] w, int from) {
      return new Plan(
          Long.parseLong(w[from]),
          Integer.parseInt(w[from + 1]),
          Integer.parseInt(w[from + 2]),
          Integer.parseInt(w[from + 3]),
          Integer.parseInt(w[from + 4]),
          Integer.parseInt(w[from + 5]),
          Integer.parseInt(w[from + 6]),
          Long.parseLong(w[from + 7]),
          Long.parseLong(w[from + 8]));
    }
  }

  /** What a node's run produced. */
  record Outcome(
      List<EventBuffer> buffers,
      long writeFailures,
      long readFailures,
      long foreignValues,
      boolean threadsStuck) {}

  private Workload() {}

  static Outcome run(Cache<Object, Object> cache, int node, Plan plan) throws InterruptedException {
    List<EventBuffer> buffers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    LongAdder writeFailures = new LongAdder();
    LongAdder readFailures = new LongAdder();
    LongAdder foreign = new LongAdder();
    for (int w = 0; w < plan.writers(); w++) {
      int writer = plan.firstWriter() + w;
      EventBuffer buffer = new EventBuffer(node, true);
      buffers.add(buffer);
      threads.add(
          new Thread(
              () -> write(cache, plan, writer, buffer, writeFailures),
              "coherence-w" + node + "-" + w));
    }
    for (int r = 0; r < plan.readers(); r++) {
      EventBuffer buffer = new EventBuffer(node, false);
      buffers.add(buffer);
      threads.add(
          new Thread(
              () -> read(cache, plan, buffer, readFailures, foreign),
              "coherence-r" + node + "-" + r));
    }
    threads.forEach(
        t -> {
          t.setDaemon(true);
          t.start();
        });
    // An operation can block for the client's time-outs and retries at most; then give up.
    long joinDeadline = plan.endEpochMillis() + 20_000;
    boolean stuck = false;
    for (Thread t : threads) {
      t.join(Math.max(1, joinDeadline - System.currentTimeMillis()));
      if (t.isAlive()) {
        t.interrupt();
        t.join(2_000);
        stuck |= t.isAlive();
      }
    }
    if (stuck) {
      // A buffer may still be written to: do not read them.
      return new Outcome(List.of(), writeFailures.sum(), readFailures.sum(), foreign.sum(), true);
    }
    return new Outcome(buffers, writeFailures.sum(), readFailures.sum(), foreign.sum(), false);
  }

  private static void write(
      Cache<Object, Object> cache, Plan plan, int writer, EventBuffer out, LongAdder failures) {
    List<Integer> own = new ArrayList<>();
    for (int k = 0; k < plan.keys(); k++) {
      if (k % plan.totalWriters() == writer) {
        own.add(k);
      }
    }
    if (own.isEmpty()) {
      return;
    }
    long[] counter = new long[plan.keys()];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.currentTimeMillis() < plan.endEpochMillis()
        && !Thread.currentThread().isInterrupted()) {
      int key = own.get(random.nextInt(own.size()));
      long value = ++counter[key];
      try {
        cache.put(key, value);
        out.add(key, value, EventBuffer.nowMicros());
      } catch (RuntimeException e) {
        failures.increment();
        LockSupport.parkNanos(5_000_000);
      }
      if (plan.writePauseNanos() > 0) {
        LockSupport.parkNanos(plan.writePauseNanos());
      }
    }
  }

  private static void read(
      Cache<Object, Object> cache,
      Plan plan,
      EventBuffer out,
      LongAdder failures,
      LongAdder foreign) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int n = 0;
    while (System.currentTimeMillis() < plan.endEpochMillis()
        && out.size() < plan.maxReadsPerThread()
        && !Thread.currentThread().isInterrupted()) {
      int key = random.nextInt(plan.keys());
      long start = EventBuffer.nowMicros();
      try {
        Object value = cache.get(key);
        if (value == null) {
          out.add(key, EventBuffer.NULL, start);
        } else if (value instanceof Long counter && counter > 0) {
          out.add(key, counter, start);
        } else {
          foreign.increment(); // no writer ever wrote this: reported as a failure of the check
        }
      } catch (RuntimeException e) {
        failures.increment();
        LockSupport.parkNanos(5_000_000);
      }
      if ((++n & 3) == 0 && plan.readPauseNanos() > 0) {
        LockSupport.parkNanos(plan.readPauseNanos());
      }
    }
  }
}
