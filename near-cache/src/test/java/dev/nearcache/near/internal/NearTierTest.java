package dev.nearcache.near.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.NearCacheSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client side of the coherence protocol (docs/design.md, "Read protocol" to "Knowing what was
 * missed") as a state machine, without Redis: the test plays the change feed (onMessage), the
 * subscription (onSubscribed / onBaseline / onDisconnected), reconciliation (reconcile / recheck)
 * and the remote reads (reserve / complete).
 */
class NearTierTest {
  static final long ETERNAL = -1;

  static NearTier tier(int segments) {
    return new NearTier("test", NearCacheSettings.DEFAULTS, segments, NearClock.manual());
  }

  static NearTier liveTier(int segments, long baseline) {
    NearTier tier = tier(segments);
    for (int s = 0; s < segments; s++) {
      tier.onSubscribed(s);
      tier.onBaseline(s, baseline);
    }
    return tier;
  }

  static NearEntry entry(NearTier tier, Object value, int segment, long seq) {
    return tier.entry(value, null, segment, seq, seq, ETERNAL, 0);
  }

  /**
   * A remote read that completes with a value current at {@code readSeq}; returns whether it
   * installed.
   */
  static boolean read(NearTier tier, Object key, int segment, Object value, long readSeq) {
    NearTier.Ticket t = tier.reserveRead(key, segment);
    assertNotNull(t, "segment " + segment + " should accept a read reservation");
    assertTrue(t.leader());
    tier.completeRead(key, t.reservation(), entry(tier, value, segment, readSeq), readSeq, value);
    NearEntry e = tier.lookup(key);
    return e != null && value.equals(e.value());
  }

  static Object served(NearTier tier, Object key) {
    NearEntry e = tier.lookup(key);
    return e == null ? null : e.value();
  }

  // ------------------------------------------------------------------ liveness

  @Test
  void nothingIsServedOrCachedBeforeSubscribeAndBaseline() {
    NearTier tier = tier(2);
    assertFalse(tier.isLive(0));
    assertNull(tier.reserveRead("k", 0), "no read reservation before the subscription");
    assertNull(tier.reserveWrite("k", 0), "no own-write reservation before the subscription");

    // A baseline without a subscription is ignored: the feed is not yet live.
    tier.onBaseline(0, 5);
    assertFalse(tier.isLive(0));
    assertNull(tier.reserveRead("k", 0));

    // Subscribed but the baseline sequence not yet read: still not served.
    tier.onSubscribed(0);
    assertFalse(tier.isLive(0));
    assertNull(tier.reserveRead("k", 0));

    tier.onBaseline(0, 5);
    assertTrue(tier.isLive(0));
    assertFalse(tier.isLive(1), "segments go live one by one");
    assertTrue(read(tier, "k", 0, "v", 5));
    assertEquals("v", served(tier, "k"));
    assertNull(tier.reserveRead("other", 1), "segment 1 is still not live");
  }

  @Test
  void entriesAreNotServedWhileTheirSegmentIsNotLive() {
    NearTier tier = liveTier(1, 5);
    assertTrue(read(tier, "k", 0, "v", 5));
    tier.reconcile(0, 6); // suspect: stops serving
    assertNull(tier.lookup("k"));
    assertNull(tier.reserveRead("k", 0));
  }

  // ------------------------------------------------------------------ change feed

  @Test
  void aGapClearsOnlyItsSegmentAndIsCounted() {
    NearTier tier = liveTier(2, 10);
    assertTrue(read(tier, "a0", 0, "x", 10));
    assertTrue(read(tier, "b0", 0, "y", 10));
    assertTrue(read(tier, "a1", 1, "z", 10));

    tier.onMessage(0, 11, "unrelated", false, 0);
    assertEquals(0, tier.metrics().gapsDetected());
    assertEquals("x", served(tier, "a0"), "consecutive seq for another key leaves the entry");

    tier.onMessage(0, 13, "unrelated", false, 0); // 12 was lost
    assertEquals(1, tier.metrics().gapsDetected());
    assertEquals(1, tier.metrics().clears(ClearCause.GAP));
    assertNull(served(tier, "a0"));
    assertNull(served(tier, "b0"));
    assertEquals("z", served(tier, "a1"), "the other segment is untouched");
    assertTrue(tier.isLive(0), "a gap clears but the segment stays live");

    tier.onMessage(0, 14, "unrelated", false, 0);
    assertEquals(1, tier.metrics().gapsDetected(), "after the gap the feed continues from 13");

    // Segment 1 has its own numbering.
    tier.onMessage(1, 11, "unrelated", false, 0);
    assertEquals(1, tier.metrics().gapsDetected());
    assertEquals("z", served(tier, "a1"));
  }

  @Test
  void aMessageRemovesTheKeyUnlessTheEntryIsAtLeastAsNew() {
    NearTier tier = liveTier(1, 5);
    // The read saw seq 8 before messages 6..8 arrived: they are older than or as new as the entry.
    assertTrue(read(tier, "k", 0, "v8", 8));
    tier.onMessage(0, 6, "k", false, 0);
    tier.onMessage(0, 7, "k", false, 0);
    tier.onMessage(0, 8, "k", false, 0);
    assertEquals("v8", served(tier, "k"));
    assertEquals(0, tier.metrics().gapsDetected());

    tier.onMessage(0, 9, "other", false, 0);
    assertEquals("v8", served(tier, "k"), "a message for another key leaves it");

    tier.onMessage(0, 10, "k", false, 0);
    assertNull(served(tier, "k"), "a newer change of the key removes it");
  }

  @Test
  void aClearMessageClearsTheSegment() {
    NearTier tier = liveTier(2, 5);
    assertTrue(read(tier, "a", 0, "v", 5));
    assertTrue(read(tier, "b", 1, "w", 5));
    tier.onMessage(0, 6, null, true, 0);
    assertNull(served(tier, "a"));
    assertEquals("w", served(tier, "b"));
    assertEquals(1, tier.metrics().clears(ClearCause.CACHE_CLEARED));
    assertEquals(0, tier.metrics().gapsDetected());
  }

  @Test
  void anUnreadableMessageClearsTheSegment() {
    NearTier tier = liveTier(2, 5);
    assertTrue(read(tier, "a", 0, "v", 5));
    assertTrue(read(tier, "b", 1, "w", 5));
    tier.onUnreadableMessage(0);
    assertNull(served(tier, "a"));
    assertEquals("w", served(tier, "b"));
    assertEquals(1, tier.metrics().clears(ClearCause.UNREADABLE_MESSAGE));
  }

  // ---------------------------------------------------- reservations (docs/design.md, "Read
  // protocol")

  @Test
  void installFailsAfterAnInvalidationNewerThanTheRead() throws Exception {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket t = tier.reserveRead("k", 0);
    assertTrue(t.leader());
    // The read returned the value current at seq 5; the change 6 of the key arrived before the
    // reply was installed.
    tier.onMessage(0, 6, "k", false, 0);
    tier.completeRead("k", t.reservation(), entry(tier, "old", 0, 5), 5, "old");
    assertNull(tier.lookup("k"), "the old value must not be installed");
    assertEquals(1, tier.metrics().populationRacesLost());
    assertEquals("old", t.reservation().result().get(), "the caller still gets its answer");

    // The next read (after the change) installs.
    assertTrue(read(tier, "k", 0, "new", 6));
    assertEquals(1, tier.metrics().populationRacesLost());
  }

  @Test
  void installSucceedsAfterAnInvalidationNotNewerThanTheRead() {
    NearTier tier = liveTier(1, 5);
    // The change 6 happened before the read; its message arrives while the read is in flight.
    NearTier.Ticket t = tier.reserveRead("k", 0);
    tier.onMessage(0, 6, "k", false, 0);
    tier.completeRead("k", t.reservation(), entry(tier, "v6", 0, 7), 7, "v6");
    assertEquals(
        "v6", served(tier, "k"), "a message older than the read must not prevent installing");

    // Equal: the read saw exactly the change the message announces.
    NearTier.Ticket t2 = tier.reserveRead("j", 0);
    tier.onMessage(0, 7, "j", false, 0);
    tier.completeRead("j", t2.reservation(), entry(tier, "v7", 0, 7), 7, "v7");
    assertEquals("v7", served(tier, "j"));

    // A newer message for another key does not touch this key's reservation.
    NearTier.Ticket t3 = tier.reserveRead("i", 0);
    tier.onMessage(0, 8, "other", false, 0);
    tier.completeRead("i", t3.reservation(), entry(tier, "v", 0, 7), 7, "v");
    assertEquals("v", served(tier, "i"));
    assertEquals(0, tier.metrics().populationRacesLost());
  }

  @Test
  void aClearWhileAReadIsInFlightMakesItsInstallFail() {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket t = tier.reserveRead("k", 0);
    tier.clearSegment(0, ClearCause.GAP);
    tier.completeRead("k", t.reservation(), entry(tier, "v", 0, 5), 5, "v");
    assertNull(tier.lookup("k"));
    assertEquals(1, tier.metrics().populationRacesLost());

    t = tier.reserveRead("k", 0);
    tier.onMessage(0, 6, null, true, 0); // a clear message
    tier.completeRead("k", t.reservation(), entry(tier, "v", 0, 6), 6, "v");
    assertNull(tier.lookup("k"), "a clear message drops reservations too");
    assertEquals(2, tier.metrics().populationRacesLost());

    t = tier.reserveRead("k", 0);
    tier.clearAll();
    tier.completeRead("k", t.reservation(), entry(tier, "v", 0, 6), 6, "v");
    assertNull(tier.lookup("k"), "clearAll drops reservations too");

    t = tier.reserveRead("k", 0);
    tier.onSubscribed(0);
    tier.onBaseline(0, 6);
    tier.completeRead("k", t.reservation(), entry(tier, "v", 0, 6), 6, "v");
    assertNull(tier.lookup("k"), "a resubscription drops reservations made before it");
  }

  @Test
  void aReadCompletingWhileTheSegmentIsNotLiveDoesNotInstall() {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket t = tier.reserveRead("k", 0);
    assertFalse(tier.reconcile(0, 5));
    assertTrue(tier.reconcile(0, 6)); // suspect, not live
    tier.completeRead("k", t.reservation(), entry(tier, "v", 0, 6), 6, "v");
    tier.onMessage(0, 6, "other", false, 0);
    tier.recheck(0);
    assertTrue(tier.isLive(0));
    assertNull(tier.lookup("k"), "a value must not be installed while the segment is not live");
  }

  @Test
  void aReadOfAnAbsentKeyInstallsNothing() {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket t = tier.reserveRead("k", 0);
    tier.completeRead("k", t.reservation(), null, 0, null);
    assertNull(tier.lookup("k"));
    assertEquals(0, tier.size());
    assertEquals(0, tier.metrics().populationRacesLost());
    assertTrue(tier.reserveRead("k", 0).leader(), "the reservation is gone");
  }

  @Test
  void singleFlightJoinersShareTheLeadersResult() throws Exception {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket first = tier.reserveRead("k", 0);
    NearTier.Ticket second = tier.reserveRead("k", 0);
    NearTier.Ticket third = tier.reserveRead("k", 0);
    assertTrue(first.leader());
    assertFalse(second.leader());
    assertFalse(third.leader());
    assertSame(first.reservation(), second.reservation());
    assertSame(first.reservation(), third.reservation());
    assertEquals(2, tier.metrics().singleFlightJoins());
    assertFalse(second.reservation().result().isDone());

    Object[] joined = new Object[1];
    Thread waiter =
        new Thread(
            () -> {
              try {
                joined[0] = second.reservation().result().get(5, TimeUnit.SECONDS);
              } catch (Exception e) {
                joined[0] = e;
              }
            });
    waiter.start();
    tier.completeRead("k", first.reservation(), entry(tier, "v", 0, 5), 5, "shared");
    waiter.join(5_000);
    assertEquals("shared", joined[0]);
    assertEquals("shared", third.reservation().result().get());
    assertEquals("v", served(tier, "k"));

    // Once installed, a reservation is not made again: the entry is served.
    assertNull(tier.reserveRead("k", 0));
  }

  @Test
  void anAbandonedReadFreesTheKeyAndFailsItsJoiners() {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket first = tier.reserveRead("k", 0);
    NearTier.Ticket second = tier.reserveRead("k", 0);
    tier.abandon("k", first.reservation(), new IllegalStateException("redis down"));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> second.reservation().result().get());
    assertEquals("redis down", e.getCause().getMessage());
    assertTrue(tier.reserveRead("k", 0).leader(), "the key is free again");
  }

  @Test
  void aReadDoesNotJoinAnOwnWriteInFlight() {
    NearTier tier = liveTier(1, 5);
    Reservation w = tier.reserveWrite("k", 0);
    assertNotNull(w);
    assertNull(tier.reserveRead("k", 0), "a read during an own write goes to Redis uncached");
    tier.completeWrite("k", w, entry(tier, "mine", 0, 6));
    assertEquals("mine", served(tier, "k"));
  }

  @Test
  void anOwnWriteReplacesAReadInFlightAndTheReadDoesNotInstall() {
    NearTier tier = liveTier(1, 5);
    NearTier.Ticket read = tier.reserveRead("k", 0);
    Reservation w = tier.reserveWrite("k", 0);
    tier.completeWrite("k", w, entry(tier, "mine", 0, 6));
    tier.onMessage(0, 6, "k", false, 0); // own message: the entry is as new
    tier.completeRead("k", read.reservation(), entry(tier, "old", 0, 5), 5, "old");
    assertEquals("mine", served(tier, "k"));
  }

  @Test
  void ownWritesSurviveTheirOwnMessageButNotANewerOne() {
    NearTier tier = liveTier(1, 5);
    // Own message before the reply is handled.
    Reservation w = tier.reserveWrite("k", 0);
    tier.onMessage(0, 6, "k", false, 0);
    tier.completeWrite("k", w, entry(tier, "mine6", 0, 6));
    assertEquals("mine6", served(tier, "k"));
    // Own message after.
    Reservation w2 = tier.reserveWrite("k", 0);
    tier.completeWrite("k", w2, entry(tier, "mine7", 0, 7));
    tier.onMessage(0, 7, "k", false, 0);
    assertEquals("mine7", served(tier, "k"));
    // Another node's newer write arrived before the reply was handled.
    Reservation w3 = tier.reserveWrite("k", 0);
    tier.onMessage(0, 8, "k", false, 0);
    tier.onMessage(0, 9, "k", false, 0);
    tier.completeWrite("k", w3, entry(tier, "mine8", 0, 8));
    assertNull(tier.lookup("k"));
    assertEquals(1, tier.metrics().populationRacesLost());
    // A write whose outcome is not kept (removal) drops the key.
    Reservation w4 = tier.reserveWrite("k", 0);
    tier.completeWrite("k", w4, null);
    assertEquals(0, tier.size());
  }

  /**
   * Two threads of this node write one key: T3 reserves first, T2 reserves after (replacing T3's
   * reservation), but T2's script runs first (seq 6) and T3's second (seq 7). Only the echo of 7
   * keeps T2's older value out: it must not be skipped as "own", in any order of arrival.
   */
  @Test
  void sameNodeWritersInReverseOrderNeverLeaveTheOlderValue() {
    for (int order = 0; order < 3; order++) {
      NearTier tier = liveTier(1, 5);
      Reservation t3 = tier.reserveWrite("k", 0);
      Reservation t2 = tier.reserveWrite("k", 0);
      switch (order) {
        case 0 -> { // both echoes before either reply is handled
          tier.onMessage(0, 6, "k", false, 0);
          tier.onMessage(0, 7, "k", false, 0);
          tier.completeWrite("k", t2, entry(tier, "t2", 0, 6));
        }
        case 1 -> { // T2 installs first; its own echo is then skipped, the echo of 7 is not
          tier.completeWrite("k", t2, entry(tier, "t2", 0, 6));
          assertEquals("t2", served(tier, "k"));
          tier.onMessage(0, 6, "k", false, 0);
          assertEquals("t2", served(tier, "k"), "its own echo leaves T2's entry");
          tier.onMessage(0, 7, "k", false, 0);
        }
        default -> { // T2's echo, T2's install, then the echo of 7
          tier.onMessage(0, 6, "k", false, 0);
          tier.completeWrite("k", t2, entry(tier, "t2", 0, 6));
          tier.onMessage(0, 7, "k", false, 0);
        }
      }
      tier.completeWrite("k", t3, entry(tier, "t3", 0, 7));
      assertNull(
          served(tier, "k"), "order " + order + ": T2's value (seq 6) must not outlive seq 7");
    }
  }

  @Test
  void messagesThatCannotChangeAnythingLeaveTheTierAsItWas() {
    NearTier tier = liveTier(1, 5);
    tier.onMessage(0, 6, "absent", false, 0);
    assertEquals(0, tier.size(), "a message creates nothing for a key not held");
    Reservation w = tier.reserveWrite("k", 0);
    tier.completeWrite("k", w, entry(tier, "mine", 0, 8));
    tier.onMessage(0, 7, "k", false, 0);
    tier.onMessage(0, 8, "k", false, 0);
    assertEquals("mine", served(tier, "k"), "older and equal messages leave a newer entry");
    assertEquals(3, tier.metrics().invalidationsReceived(), "skipped messages are still counted");
    tier.onMessage(0, 10, "k", false, 0);
    assertEquals(1, tier.metrics().gapsDetected(), "skipped messages still advance the sequence");
    assertEquals(0, tier.size());
  }

  // ------------------------------------------------- reconciliation (docs/design.md,
  // "Reconciliation")

  @Test
  void reconciliationThatMessagesCatchUpWithReEnablesWithoutClearing() {
    NearTier tier = liveTier(2, 10);
    assertTrue(read(tier, "k", 0, "v", 10));
    assertTrue(read(tier, "j", 1, "w", 10));

    assertFalse(tier.reconcile(0, 10), "nothing missing");
    assertTrue(tier.isLive(0));

    assertTrue(tier.reconcile(0, 12), "a number above the last message: suspect");
    assertFalse(tier.isLive(0));
    assertNull(tier.lookup("k"), "not served while suspect");
    assertEquals("w", served(tier, "j"), "other segments keep serving");
    tier.onBaseline(0, 12);
    assertFalse(tier.isLive(0), "a baseline must not end the suspicion");

    tier.onMessage(0, 11, "other", false, 0);
    tier.onMessage(0, 12, "other", false, 0);
    tier.recheck(0);
    assertTrue(tier.isLive(0));
    assertEquals("v", served(tier, "k"), "caught up: nothing was cleared");
    assertEquals(0, tier.metrics().clears(ClearCause.RECONCILIATION));
    assertEquals(0, tier.metrics().gapsDetected());
  }

  @Test
  void reconciliationThatMessagesDoNotCatchUpWithClears() {
    NearTier tier = liveTier(2, 10);
    assertTrue(read(tier, "k", 0, "v", 10));
    assertTrue(read(tier, "j", 1, "w", 10));
    assertTrue(tier.reconcile(0, 12));
    tier.onMessage(0, 11, "other", false, 0); // 12 never comes
    tier.recheck(0);
    assertEquals(1, tier.metrics().clears(ClearCause.RECONCILIATION));
    assertTrue(tier.isLive(0), "serving again after the clear");
    assertNull(tier.lookup("k"));
    assertEquals("w", served(tier, "j"));

    // The lost number is accounted for: the next message is not a gap.
    tier.onMessage(0, 13, "other", false, 0);
    assertEquals(0, tier.metrics().gapsDetected());
    assertTrue(read(tier, "k", 0, "v2", 13));
  }

  @Test
  void reconciliationIsSkippedForSegmentsNotLive() {
    NearTier tier = tier(1);
    assertFalse(tier.reconcile(0, 100));
    tier.recheck(0);
    assertFalse(tier.isLive(0));
  }

  @Test
  void aSequenceGoingBackwardsClearsWithSequenceReset() {
    NearTier tier = liveTier(2, 100);
    assertTrue(read(tier, "k", 0, "v", 100));
    assertTrue(read(tier, "j", 1, "w", 100));
    assertFalse(tier.reconcile(0, 3));
    assertEquals(1, tier.metrics().clears(ClearCause.SEQUENCE_RESET));
    assertNull(tier.lookup("k"));
    assertEquals("w", served(tier, "j"));
    assertTrue(tier.isLive(0));
    // Numbering continues from the new value.
    tier.onMessage(0, 4, "other", false, 0);
    assertEquals(0, tier.metrics().gapsDetected());
    tier.onMessage(0, 6, "other", false, 0);
    assertEquals(1, tier.metrics().gapsDetected());
  }

  /**
   * After a resubscription whose baseline is below what the feed had reached (Redis restarted,
   * flushed or failed over; docs/design.md, "Subscriptions"), the numbering restarts from the
   * baseline: a message that then skips a number is a loss and must clear the segment at once, not
   * only at the next reconciliation.
   */
  @Test
  void afterAResubscriptionWithALowerBaselineGapsAreStillDetected() {
    NearTier tier = liveTier(1, 100);
    tier.onDisconnected();
    tier.onSubscribed(0);
    tier.onBaseline(0, 5); // Redis restarted: the counter is back at 5
    assertTrue(tier.isLive(0));
    assertTrue(read(tier, "k", 0, "v5", 5));
    // Message 6 (a change of k) is lost; message 7 arrives.
    tier.onMessage(0, 7, "other", false, 0);
    assertNull(
        tier.lookup("k"),
        "a skipped sequence number after the new baseline must clear the segment");
    assertEquals(1, tier.metrics().gapsDetected());
  }

  // ------------------------------------------------------------------ subscription

  @Test
  void aDisconnectStopsServingUntilResubscribed() {
    NearTier tier = liveTier(3, 5);
    assertTrue(read(tier, "k", 0, "v", 5));
    assertTrue(read(tier, "j", 2, "w", 5));
    tier.onDisconnected();
    for (int s = 0; s < 3; s++) {
      assertFalse(tier.isLive(s));
    }
    assertEquals(3, tier.metrics().clears(ClearCause.DISCONNECTED));
    assertEquals(0, tier.size());
    assertNull(tier.lookup("k"));
    assertNull(tier.reserveRead("k", 0));
    assertNull(tier.reserveWrite("k", 0));

    tier.onBaseline(0, 5); // e.g. reconciliation retrying a baseline: not subscribed, so ignored
    assertFalse(tier.isLive(0));

    long subscribedBefore = tier.metrics().clears(ClearCause.SUBSCRIBED);
    tier.onSubscribed(0);
    assertEquals(subscribedBefore + 1, tier.metrics().clears(ClearCause.SUBSCRIBED));
    assertFalse(tier.isLive(0), "not before the baseline");
    tier.onBaseline(0, 9);
    assertTrue(tier.isLive(0));
    assertFalse(tier.isLive(1));
    assertTrue(read(tier, "k", 0, "v2", 9));
  }

  @Test
  void aResubscriptionClearsWhatWasHeld() {
    NearTier tier = liveTier(2, 5);
    assertTrue(read(tier, "k", 0, "v", 5));
    assertTrue(read(tier, "j", 1, "w", 5));
    tier.onSubscribed(0); // resubscribed without a disconnect notice
    assertNull(tier.lookup("k"));
    assertFalse(tier.isLive(0));
    assertEquals("w", served(tier, "j"));
    tier.onBaseline(0, 5);
    assertNull(tier.lookup("k"), "nothing comes back");
  }

  // ------------------------------------------------------------------ local deadlines

  @Test
  void anEntryIsNotServedPastItsLogicalExpiry() {
    NearTier tier = liveTier(1, 5);
    long serverNow = 1_000_000;
    assertNull(
        tier.entry("v", null, 0, 5, 5, serverNow, serverNow),
        "already expired by the server's clock");
    assertNull(tier.entry("v", null, 0, 5, 5, serverNow - 1, serverNow));

    NearTier.Ticket t = tier.reserveRead("k", 0);
    tier.completeRead(
        "k", t.reservation(), tier.entry("v", null, 0, 5, 5, serverNow + 60, serverNow), 5, "v");
    NearTier.Ticket t2 = tier.reserveRead("x", 0);
    NearEntry extended = tier.entry("w", null, 0, 5, 5, serverNow + 60, serverNow);
    tier.completeRead("x", t2.reservation(), extended, 5, "w");
    tier.extend(extended, 60_000);
    NearTier.Ticket t3 = tier.reserveRead("e", 0);
    NearEntry eternal = tier.entry("z", null, 0, 5, 5, serverNow + 60, serverNow);
    tier.completeRead("e", t3.reservation(), eternal, 5, "z");
    tier.extend(eternal, -1);

    assertEquals("v", served(tier, "k"));
    tier.clock().advance(Duration.ofMillis(59));
    assertEquals("v", served(tier, "k"), "not yet past the local deadline");
    tier.clock().advance(Duration.ofMillis(1));
    long misses = tier.metrics().nearMisses();
    assertNull(tier.lookup("k"), "past the local deadline");
    assertEquals(misses + 1, tier.metrics().nearMisses());
    assertEquals("w", served(tier, "x"), "an access moved the deadline");
    assertEquals("z", served(tier, "e"), "no deadline");

    // An expired entry does not block a new read.
    NearTier.Ticket again = tier.reserveRead("k", 0);
    assertNotNull(again);
    assertTrue(again.leader());
  }

  @Test
  void theMaximumLocalLifetimeCapsAnEntry() {
    NearClock clock = NearClock.manual();
    NearTier tier =
        new NearTier(
            "t",
            new NearCacheSettings(true, 100, Duration.ofMillis(50), Duration.ofSeconds(1)),
            1,
            clock);
    tier.onSubscribed(0);
    tier.onBaseline(0, 0);
    assertTrue(read(tier, "k", 0, "v", 0));
    clock.advance(Duration.ofMillis(49));
    assertEquals("v", served(tier, "k"), "not yet past the cap");
    clock.advance(Duration.ofMillis(1));
    assertNull(tier.lookup("k"));
  }

  // ------------------------------------------------------------------ metrics

  @Test
  void metricsCountWhatHappened() {
    NearTier tier = liveTier(2, 0);
    NearCacheMetrics m = tier.metrics();
    assertNull(tier.lookup("k"));
    assertNull(tier.lookup("k"));
    assertEquals(2, m.nearMisses());
    assertTrue(read(tier, "k", 0, "v", 0)); // read() does one lookup: a hit
    assertEquals(1, m.nearHits());
    for (int i = 0; i < 5; i++) {
      tier.lookup("k");
    }
    assertEquals(6, m.nearHits());
    assertEquals(2, m.nearMisses());

    tier.recordRemoteRead(true);
    tier.recordRemoteRead(true);
    tier.recordRemoteRead(false);
    assertEquals(2, m.redisHits());
    assertEquals(1, m.redisMisses());

    tier.onMessage(0, 1, "a", false, 0);
    tier.onMessage(0, 2, "b", false, NearTier.currentMicros() - 500);
    tier.onMessage(1, 1, null, true, 0);
    assertEquals(3, m.invalidationsReceived());
    assertEquals(
        1, m.invalidationDelayMicros().count(), "only messages with a server clock are timed");
    assertTrue(m.invalidationDelayMicros().percentile(50) >= 500);

    tier.onMessage(0, 5, "a", false, 0);
    assertEquals(1, m.gapsDetected());

    NearTier.Ticket a = tier.reserveRead("r", 0);
    tier.reserveRead("r", 0);
    assertEquals(1, m.singleFlightJoins());
    tier.onMessage(0, 6, "r", false, 0);
    tier.completeRead("r", a.reservation(), entry(tier, "x", 0, 5), 5, "x");
    assertEquals(1, m.populationRacesLost());

    tier.onDisconnected();
    tier.onSubscribed(0);
    Map<ClearCause, Long> clears = m.clearsByCause();
    assertEquals(1L, clears.get(ClearCause.GAP));
    assertEquals(1L, clears.get(ClearCause.CACHE_CLEARED));
    assertEquals(2L, clears.get(ClearCause.DISCONNECTED));
    assertEquals(3L, clears.get(ClearCause.SUBSCRIBED)); // 2 at start-up, 1 now
    assertEquals(0L, clears.get(ClearCause.RECONCILIATION));
    assertEquals(ClearCause.values().length, clears.size());
    assertTrue(m.toString().contains("gaps=1"), m.toString());
  }

  // ------------------------------------------------------------------ messages that carry the
  // value

  @Test
  void aMessageCarryingTheValueReplacesAnOlderEntry() {
    NearTier tier = liveTier(1, 10);
    assertTrue(read(tier, "k", 0, "v10", 10));
    tier.onMessage(0, 11, "k", false, 0, () -> entry(tier, "v11", 0, 11));
    assertEquals("v11", served(tier, "k"));
    assertEquals(11, tier.lookup("k").seq());
    assertEquals(1, tier.metrics().valuesReplaced());
    assertEquals(1, tier.metrics().invalidationsReceived());
  }

  @Test
  void aCarriedValueNeverAddsAKeyNorOverwritesANewerEntry() {
    NearTier tier = liveTier(1, 10);
    int[] built = new int[1];
    tier.onMessage(
        0,
        11,
        "absent",
        false,
        0,
        () -> {
          built[0]++;
          return entry(tier, "x", 0, 11);
        });
    assertNull(served(tier, "absent"), "the tier holds what this node reads, not every write");

    assertTrue(read(tier, "k", 0, "v13", 13));
    tier.onMessage(
        0,
        12,
        "k",
        false,
        0,
        () -> {
          built[0]++;
          return entry(tier, "v12", 0, 12);
        });
    assertEquals("v13", served(tier, "k"), "an older message leaves a newer entry alone");
    assertEquals(0, built[0], "nothing is decoded for a message that changes nothing");
    assertEquals(0, tier.metrics().valuesReplaced());
  }

  @Test
  void aCarriedValueOnlyMarksAReservationSoTheReadInFlightInstallsNothingOlder() {
    NearTier tier = liveTier(1, 10);
    NearTier.Ticket t = tier.reserveRead("k", 0);
    tier.onMessage(0, 11, "k", false, 0, () -> entry(tier, "v11", 0, 11));
    tier.completeRead("k", t.reservation(), entry(tier, "v10", 0, 10), 10, "v10");
    assertNull(served(tier, "k"), "the read saw Redis before write 11: it must not be cached");
    assertEquals(0, tier.metrics().valuesReplaced());
  }

  @Test
  void aCarriedValueThatCannotBeBuiltDropsTheOldEntry() {
    NearTier tier = liveTier(1, 10);
    assertTrue(read(tier, "k", 0, "v10", 10));
    tier.onMessage(
        0,
        11,
        "k",
        false,
        0,
        () -> {
          throw new IllegalStateException("undecodable here");
        });
    assertNull(served(tier, "k"));
    assertTrue(read(tier, "expiring", 0, "old", 11));
    tier.onMessage(
        0, 12, "expiring", false, 0, () -> null); // already expired by the server's clock
    assertNull(served(tier, "expiring"));
    assertEquals(0, tier.metrics().valuesReplaced());
  }

  @Test
  void aSegmentStoppedByReconciliationServesAgainOnceTheAwaitedMessageIsApplied() {
    NearTier tier = liveTier(1, 10);
    assertTrue(read(tier, "k", 0, "v10", 10));
    assertTrue(read(tier, "j", 0, "w10", 10));
    assertTrue(tier.reconcile(0, 12), "Redis is at 12, the messages at 10");
    tier.onMessage(0, 11, "other", false, 0);
    assertFalse(tier.isLive(0), "11 is not yet 12");
    tier.onMessage(0, 12, "k", false, 0);
    assertTrue(tier.isLive(0), "caught up: serving again without waiting for the recheck");
    assertNull(tier.lookup("k"), "and the awaited message's own change is applied first");
    assertEquals("w10", served(tier, "j"));
    tier.recheck(0);
    assertTrue(tier.isLive(0));
    assertEquals(0, tier.metrics().clears(ClearCause.RECONCILIATION));
  }

  @Test
  void aCaughtUpSegmentThatLostItsSubscriptionStaysStopped() {
    NearTier tier = liveTier(1, 10);
    assertTrue(tier.reconcile(0, 11));
    tier.onDisconnected();
    tier.onMessage(0, 11, "other", false, 0);
    assertFalse(tier.isLive(0), "not subscribed: the probe or the resubscription decides");
  }
}
