package dev.nearcache.near.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The near tier's time: {@link #nanos()} precise (logical-expiry deadlines, the instants leases
 * count from) and {@link #coarseNanos()} cheap (one volatile read: the lease and the local-lifetime
 * cap on the hit path). Both are on the scale of {@code System.nanoTime()} for the {@linkplain
 * #system() system clock}; a {@linkplain #manual() manual clock} moves only when a test {@linkplain
 * #advance advances} it, so tests let time pass without sleeping.
 *
 * <p>The system clock's coarse reading is {@code System.nanoTime()} as of its last tick. One daemon
 * thread per JVM ticks it every {@link #STEP_MILLIS} ms while anything holds it {@linkplain
 * #startTicking() ticking} (a cache manager does from its first near tier until it closes); the
 * thread is started by the first holder, not by a static initialiser, and ends when the last one
 * lets go. It is a thread of its own rather than a task of a manager's scheduler: that scheduler
 * also runs blocking Redis calls (access-expiry batches), and a tick held up behind one during a
 * stall would freeze the clock that ends the lease, exactly when it must end. One thread for the
 * JVM also keeps one set of wake-ups however many managers there are.
 *
 * <p>Why 10 ms and not 1 ms: the thread runs in every JVM that has a near tier, busy or idle, and
 * each of its wake-ups can preempt one of the application's busy threads, so it should wake no more
 * often than the cap and the lease need (BENCHMARKS.md, findings 1). The cap (minutes by default)
 * does not need finer time, and the lease is judged at most one step late (docs/consistency.md,
 * "The lease").
 *
 * <p>A final class with the coarse reading in a plain volatile field, not an interface: the hit
 * path reads it as directly as it read the static field this replaces.
 */
public final class NearClock {
  /** How often the system clock's coarse reading moves (ms). */
  public static final long STEP_MILLIS = 10;

  private static final NearClock SYSTEM = new NearClock(false, System.nanoTime());
  private static final Object TICKING = new Object();

  /** How many {@link Ticking} handles are open; guarded by {@link #TICKING}. */
  private static int holders;

  /**
   * The thread that ticks {@link #SYSTEM}, null while nothing holds it; written under {@link
   * #TICKING}.
   */
  private static volatile Thread ticker;

  private final boolean manual;

  /** System clock: System.nanoTime() as of the last tick. Manual clock: the time itself. */
  private volatile long coarse;

  private NearClock(boolean manual, long start) {
    this.manual = manual;
    this.coarse = start;
  }

  /**
   * The JVM's clock: {@code System.nanoTime()}, and a coarse reading that moves every {@link
   * #STEP_MILLIS} ms while anything holds it {@linkplain #startTicking() ticking}. A near tier
   * serving on it while nothing does would judge its leases and caps by a clock that stands still.
   */
  public static NearClock system() {
    return SYSTEM;
  }

  /**
   * A clock that stands at 0 until {@link #advance} moves it; precise and coarse readings are the
   * same.
   */
  public static NearClock manual() {
    return new NearClock(true, 0);
  }

  /** The precise time (ns, System.nanoTime() scale for the system clock). */
  public long nanos() {
    return manual ? coarse : System.nanoTime();
  }

  /** The time as of the last tick: at most one step behind {@link #nanos()} (one volatile read). */
  public long coarseNanos() {
    return coarse;
  }

  /** Moves a manual clock forward (both readings); synchronized so that no advance is lost. */
  public synchronized void advance(Duration by) {
    if (!manual) {
      throw new IllegalStateException("only a manual clock can be advanced");
    }
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go backwards: " + by);
    }
    coarse += by.toNanos();
  }

  private void tick() {
    coarse = System.nanoTime();
  }

  /**
   * Keeps the {@linkplain #system() system clock} ticking until the handle is closed. The first
   * open handle starts the ticking thread (after one tick at once, so that the coarse reading is
   * current when this returns); closing the last one stops it.
   */
  public static Ticking startTicking() {
    synchronized (TICKING) {
      if (holders++ == 0) {
        SYSTEM.tick();
        Thread thread = new Thread(NearClock::tickWhileHeld, "nearcache-coarse-clock");
        thread.setDaemon(true);
        ticker = thread;
        thread.start();
      }
    }
    return new Ticking();
  }

  /** Whether the system clock is ticking now (for tests and diagnostics). */
  public static boolean isTicking() {
    return ticker != null;
  }

  /** How many handles hold the system clock ticking now (for tests and diagnostics). */
  public static int tickingHolders() {
    synchronized (TICKING) {
      return holders;
    }
  }

  private static void tickWhileHeld() {
    Thread self = Thread.currentThread();
    while (ticker == self) {
      try {
        Thread.sleep(STEP_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (ticker == self) {
        SYSTEM.tick();
      }
    }
  }

  private static void release() {
    synchronized (TICKING) {
      if (--holders == 0) {
        Thread thread = ticker;
        ticker = null;
        thread.interrupt();
      }
    }
  }

  /** One holder's claim on the system clock's ticking; {@link #close()} lets go (once). */
  public static final class Ticking implements AutoCloseable {
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Ticking() {}

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        release();
      }
    }
  }
}
