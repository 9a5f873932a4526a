package dev.nearcache.near.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many threads reserve, read, write and complete while the change feed delivers messages
 * concurrently, against a simulated Redis (per segment: an atomic "script" that bumps the sequence
 * number and queues the message, delivered in order by one thread per segment, as a pub/sub channel
 * does). At the end, with every message delivered, no installed entry may be older than the last
 * change of its key.
 */
class NearTierStressTest {
  static final int SEGMENTS = 2;
  static final int KEYS = 12;
  static final long RUN_MILLIS = 1_500;
  static final Object POISON = new Object();

  /** One segment of the simulated Redis. */
  static final class Segment {
    final int index;
    long seq = 100;
    final long[] version = new long[KEYS];
    final LinkedBlockingQueue<Object> channel = new LinkedBlockingQueue<>();

    Segment(int index) {
      this.index = index;
    }

    /** A write script: bumps seq, stores the value (version = seq), publishes; returns seq. */
    synchronized long write(int key) {
      long s = ++seq;
      version[key] = s;
      channel.add(new long[] {s, key});
      return s;
    }

    /** A GET script: the value (its version) and the segment's current seq. */
    synchronized long[] read(int key) {
      return new long[] {version[key], seq};
    }
  }

  static String key(int k) {
    return "k" + k;
  }

  static int segmentOf(int k) {
    return k % SEGMENTS;
  }

  @RepeatedTest(3)
  void noEntryOlderThanTheLastChangeOfItsKeySurvives() throws Exception {
    // Time stands still: no lease or cap runs out while the threads race (nothing here renews
    // them).
    NearTier tier =
        new NearTier("stress", NearCacheSettings.DEFAULTS, SEGMENTS, NearClock.manual());
    Segment[] redis = new Segment[SEGMENTS];
    for (int s = 0; s < SEGMENTS; s++) {
      redis[s] = new Segment(s);
      tier.onSubscribed(s);
      tier.onBaseline(s, redis[s].seq);
    }
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicLong installsAttempted = new AtomicLong();
    AtomicLong joins = new AtomicLong();
    AtomicLong ownWrites = new AtomicLong();
    // Per key: the seq of the last change message the tier has finished handling.
    AtomicLongArray delivered = new AtomicLongArray(KEYS);
    AtomicLong checkedHits = new AtomicLong();

    List<Thread> dispatchers = new ArrayList<>();
    for (Segment seg : redis) {
      dispatchers.add(
          thread(
              "dispatch-" + seg.index,
              failures,
              () -> {
                while (true) {
                  Object m = seg.channel.take();
                  if (m == POISON) {
                    return;
                  }
                  long[] msg = (long[]) m;
                  tier.onMessage(seg.index, msg[0], key((int) msg[1]), false, 0);
                  delivered.set((int) msg[1], msg[0]);
                }
              }));
    }

    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      workers.add(
          thread(
              "reader-" + i,
              failures,
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                  int k = rnd.nextInt(KEYS);
                  Segment seg = redis[segmentOf(k)];
                  // Invariant at every moment: once the message of a change has been handled, no
                  // entry older than that change is served.
                  long handled = delivered.get(k);
                  NearEntry hit = tier.lookup(key(k));
                  if (hit != null) {
                    checkedHits.incrementAndGet();
                    if (hit.seq() < handled || hit.version() < handled) {
                      throw new AssertionError(
                          key(k)
                              + " served with tag "
                              + hit.seq()
                              + ", version "
                              + hit.version()
                              + " after the message of change "
                              + handled
                              + " was handled");
                    }
                    continue;
                  }
                  NearTier.Ticket t = tier.reserveRead(key(k), seg.index);
                  if (t == null) {
                    seg.read(k);
                    continue;
                  }
                  if (!t.leader()) {
                    joins.incrementAndGet();
                    t.reservation().result().get(10, TimeUnit.SECONDS);
                    continue;
                  }
                  long[] reply = seg.read(k);
                  spin(rnd);
                  installsAttempted.incrementAndGet();
                  NearEntry e = tier.entry(reply[0], null, seg.index, reply[1], reply[0], -1, 0);
                  tier.completeRead(key(k), t.reservation(), e, reply[1], reply[0]);
                }
              }));
    }
    for (int i = 0; i < 2; i++) {
      workers.add(
          thread(
              "remote-writer-" + i,
              failures,
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                  int k = rnd.nextInt(KEYS);
                  redis[segmentOf(k)].write(k);
                  spin(rnd);
                }
              }));
    }
    for (int i = 0; i < 2; i++) {
      workers.add(
          thread(
              "own-writer-" + i,
              failures,
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                  int k = rnd.nextInt(KEYS);
                  Segment seg = redis[segmentOf(k)];
                  Reservation r = tier.reserveWrite(key(k), seg.index);
                  long s = seg.write(k);
                  spin(rnd);
                  if (r != null) {
                    ownWrites.incrementAndGet();
                    tier.completeWrite(key(k), r, tier.entry(s, null, seg.index, s, s, -1, 0));
                  }
                }
              }));
    }
    workers.add(
        thread(
            "clearer",
            failures,
            () -> {
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              while (!stop.get()) {
                Thread.sleep(rnd.nextInt(5, 20));
                tier.clearSegment(rnd.nextInt(SEGMENTS), ClearCause.CACHE_CLEARED);
              }
            }));

    dispatchers.forEach(Thread::start);
    workers.forEach(Thread::start);
    Thread.sleep(RUN_MILLIS);
    stop.set(true);
    for (Thread t : workers) {
      t.join(20_000);
      assertTrue(!t.isAlive(), t.getName() + " did not stop");
    }
    for (Segment seg : redis) {
      seg.channel.add(POISON);
    }
    for (Thread t : dispatchers) {
      t.join(20_000);
      assertTrue(!t.isAlive(), t.getName() + " did not stop");
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("worker failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }

    int installed = 0;
    for (int k = 0; k < KEYS; k++) {
      Segment seg = redis[segmentOf(k)];
      NearEntry e = tier.lookup(key(k));
      if (e == null) {
        continue;
      }
      installed++;
      long last = seg.version[k];
      assertTrue(
          e.seq() >= last,
          key(k) + " installed with tag " + e.seq() + " below its last change " + last);
      assertEquals(last, e.version(), key(k) + " holds an old value");
      assertEquals(last, e.value(), key(k) + " holds an old value");
    }
    assertEquals(0, tier.metrics().gapsDetected(), "messages were delivered in order");
    assertTrue(installsAttempted.get() > 100, "the test exercised reads: " + installsAttempted);
    assertTrue(ownWrites.get() > 100, "the test exercised own writes: " + ownWrites);
    assertTrue(
        tier.metrics().populationRacesLost() > 0,
        "the test exercised lost races: " + tier.metrics());
    System.out.println(
        "stress: checked hits "
            + checkedHits
            + ", installs "
            + installsAttempted
            + ", joins "
            + joins
            + ", own writes "
            + ownWrites
            + ", installed at end "
            + installed
            + ", "
            + tier.metrics());
  }

  interface Body {
    void run() throws Exception;
  }

  static Thread thread(String name, ConcurrentLinkedQueue<Throwable> failures, Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                failures.add(e);
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  @SuppressWarnings(
      "ThreadPriorityCheck") // yielding is the point: it shuffles the threads' interleaving
  static void spin(ThreadLocalRandom rnd) {
    int n = rnd.nextInt(4);
    if (n == 0) {
      Thread.yield();
    } else if (n == 1) {
      long until = System.nanoTime() + rnd.nextInt(20_000);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
  }
}
