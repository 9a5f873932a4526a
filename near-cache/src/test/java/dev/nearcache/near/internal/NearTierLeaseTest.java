package dev.nearcache.near.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.near.NearCacheSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Leases (docs/consistency.md, guarantee 4): a segment serves only while a synchronisation with
 * Redis was confirmed less than one lease ago, counted from when the confirming read was sent; a
 * failed confirmation stops it at once; nothing but a confirmation renews it.
 */
class NearTierLeaseTest {
  static final long ETERNAL = -1;
  static final Duration INTERVAL = Duration.ofMillis(20);
  static final Duration LEASE = Duration.ofMillis(60);

  static NearTier liveTier(Duration lease) {
    NearTier tier =
        new NearTier(
            "lease",
            new NearCacheSettings(true, 1000, Duration.ofMinutes(10), INTERVAL).withLease(lease),
            2,
            NearClock.manual());
    for (int s = 0; s < 2; s++) {
      tier.onSubscribed(s);
      tier.onBaseline(s, 5);
    }
    return tier;
  }

  static void install(NearTier tier, Object key, Object value, long seq) {
    NearTier.Ticket t = tier.reserveRead(key, 0);
    assertNotNull(t, "segment 0 accepts a read");
    tier.completeRead(
        key, t.reservation(), tier.entry(value, null, 0, seq, seq, ETERNAL, 0), seq, value);
  }

  static Object served(NearTier tier, Object key) {
    NearEntry e = tier.lookup(key);
    return e == null ? null : e.value();
  }

  /** Lets the lease run out: time moves on by exactly one lease past the baseline's read. */
  static void runOut(NearTier tier, Duration lease) {
    tier.clock().advance(lease);
  }

  static long now(NearTier tier) {
    return tier.clock().nanos();
  }

  @Test
  void aLeaseThatNothingRenewsRunsOutByItself() {
    NearTier tier = liveTier(LEASE);
    install(tier, "k", "v", 5);
    assertEquals("v", served(tier, "k"));
    tier.clock().advance(LEASE.minusNanos(1));
    assertEquals("v", served(tier, "k"), "the last instant of the lease");
    assertTrue(tier.isServing(0));
    tier.clock().advance(Duration.ofNanos(1));
    assertNull(served(tier, "k"), "no confirmation for longer than the lease: nothing is served");
    assertTrue(tier.isLive(0), "nothing is known to be missing; only the confirmation is overdue");
    assertFalse(tier.isServing(0));
    assertNull(tier.reserveRead("k2", 0), "nothing is installed while the lease is out");

    assertFalse(tier.reconcile(0, 5, 5, now(tier)), "nothing missing");
    assertEquals("v", served(tier, "k"), "a confirmation serves the kept entries again");
  }

  @Test
  void theLeaseCountsFromWhenTheConfirmingReadWasSent() {
    NearTier tier = liveTier(LEASE);
    install(tier, "k", "v", 5);
    runOut(tier, LEASE);
    // A read sent two leases ago and answered only now confirms nothing still current.
    tier.reconcile(0, 5, 5, now(tier) - 2 * LEASE.toNanos());
    assertNull(served(tier, "k"));
    tier.reconcile(0, 5, 5, now(tier));
    assertEquals("v", served(tier, "k"));
    // An older confirmation answered late does not shorten a newer one.
    tier.reconcile(0, 5, 5, now(tier) - 2 * LEASE.toNanos());
    assertEquals("v", served(tier, "k"));
  }

  @Test
  void aFailedConfirmationStopsServingAtOnce() {
    NearTier tier = liveTier(Duration.ofMinutes(1));
    install(tier, "k", "v", 5);
    tier.expireLeases();
    assertNull(served(tier, "k"));
    assertFalse(tier.isServing(1));
    assertEquals(1, tier.metrics().leaseExpiries());
    tier.reconcile(0, 5, 5, now(tier));
    assertEquals("v", served(tier, "k"));
    assertFalse(tier.isServing(1), "each segment needs its own confirmation");
  }

  @Test
  void aSuspectReadGrantsItsLeaseOnlyOnceTheMessagesCatchUp() {
    NearTier tier = liveTier(LEASE);
    install(tier, "k", "v", 5);
    tier.expireLeases();
    assertTrue(tier.reconcile(0, 6, 5, now(tier)), "Redis is ahead of the messages");
    assertNull(served(tier, "k"));
    tier.onMessage(0, 6, "other", false, 0);
    assertEquals("v", served(tier, "k"), "caught up: served under the suspect read's lease");
  }

  @Test
  void aSuspendedTierServesNothingWhateverReconciliationFinds() {
    NearTier tier = liveTier(Duration.ofMinutes(1));
    install(tier, "k", "v", 5);
    tier.suspend(true);
    assertNull(served(tier, "k"));
    tier.reconcile(0, 5, 5, now(tier));
    tier.onBaseline(1, 5, now(tier));
    assertFalse(tier.isServing(0));
    assertFalse(tier.isServing(1));
    tier.suspend(false);
    tier.reconcile(0, 5, 5, now(tier));
    assertTrue(tier.isServing(0));
    assertNull(served(tier, "k"), "what was held when suspended was dropped");
  }

  @Test
  void aLeaseMustOutlastTheInterval() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NearCacheSettings(true, 10, Duration.ZERO, Duration.ofSeconds(1))
                    .withLease(Duration.ofSeconds(1)));
    assertTrue(
        e.getMessage()
            .contains("lease (1000 ms) must be longer than reconciliation-interval (1000 ms)"),
        e.getMessage());
    assertEquals(
        Duration.ofSeconds(2), NearCacheSettings.DEFAULTS.lease(), "default: twice the interval");
  }
}
