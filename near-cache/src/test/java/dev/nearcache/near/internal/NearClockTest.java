package dev.nearcache.near.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The near tier's time: a manual clock moves only when told; the system clock's coarse reading
 * moves every 10 ms while held ticking, by one thread started by the first holder and stopped with
 * the last. (The only tests here that wait for real time: they test the thread that spends it.)
 */
class NearClockTest {
  @Test
  void aManualClockMovesOnlyWhenAdvanced() {
    NearClock clock = NearClock.manual();
    assertEquals(0, clock.nanos());
    assertEquals(0, clock.coarseNanos());
    clock.advance(Duration.ofMillis(3));
    assertEquals(3_000_000, clock.nanos());
    assertEquals(3_000_000, clock.coarseNanos(), "no lag: the coarse reading is the time itself");
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    assertThrows(
        IllegalStateException.class, () -> NearClock.system().advance(Duration.ofMillis(1)));
  }

  @Test
  @SuppressWarnings("try") // the last handle is held, not used: holding it keeps the clock ticking
  void theSystemClockTicksWhileHeldAndStopsWithItsLastHolder() throws InterruptedException {
    NearClock clock = NearClock.system();
    assertSame(clock, NearClock.system(), "one per JVM");
    assertFalse(NearClock.isTicking(), "nothing started it: no thread from loading the class");
    long before = System.nanoTime();
    NearClock.Ticking first = NearClock.startTicking();
    NearClock.Ticking second = NearClock.startTicking();
    try {
      assertTrue(clock.coarseNanos() - before >= 0, "current as soon as ticking starts");
      long seen = clock.coarseNanos();
      awaitCoarsePast(clock, seen);
      long precise = clock.nanos();
      assertTrue(precise - clock.coarseNanos() >= 0, "the coarse reading never runs ahead");
      first.close();
      first.close(); // a second close of one handle does not release another holder's claim
      assertTrue(NearClock.isTicking(), "still held by the second");
      awaitCoarsePast(clock, clock.coarseNanos());
    } finally {
      second.close();
    }
    assertFalse(NearClock.isTicking(), "the last holder let go");
    long stopped = clock.coarseNanos();
    Thread.sleep(5 * NearClock.STEP_MILLIS);
    assertEquals(stopped, clock.coarseNanos(), "no tick once stopped");

    try (NearClock.Ticking again = NearClock.startTicking()) {
      assertTrue(NearClock.isTicking(), "started again by a new holder");
      assertTrue(clock.coarseNanos() - stopped > 0, "and current at once");
    }
    assertFalse(NearClock.isTicking());
  }

  private static void awaitCoarsePast(NearClock clock, long seen) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (clock.coarseNanos() == seen) {
      if (System.nanoTime() - deadline > 0) {
        fail("the coarse clock did not move in 5 s");
      }
      Thread.sleep(1);
    }
  }
}
