package dev.nearcache.jcache.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

class EntryEventTest {

  private final Cache<String, String> cache = TestCaches.cache("events");

  @Test
  void createdNeverHasOldValue() {
    EntryEvent<String, String> e =
        EntryEvent.create(cache, EventType.CREATED, "k", "v", "old", true);
    assertEquals(EventType.CREATED, e.getEventType());
    assertEquals("k", e.getKey());
    assertEquals("v", e.getValue());
    assertNull(e.getOldValue());
    assertFalse(e.isOldValueAvailable());
    assertSame(cache, e.getSource());
  }

  @Test
  void updatedOldValueFollowsRequirement() {
    EntryEvent<String, String> with =
        EntryEvent.create(cache, EventType.UPDATED, "k", "v", "o", true);
    assertEquals("v", with.getValue());
    assertEquals("o", with.getOldValue());
    assertTrue(with.isOldValueAvailable());

    EntryEvent<String, String> without =
        EntryEvent.create(cache, EventType.UPDATED, "k", "v", "o", false);
    assertEquals("v", without.getValue());
    assertNull(without.getOldValue());
    assertFalse(without.isOldValueAvailable());

    EntryEvent<String, String> unknown =
        EntryEvent.create(cache, EventType.UPDATED, "k", "v", null, true);
    assertNull(unknown.getOldValue());
    assertFalse(unknown.isOldValueAvailable());
  }

  @Test
  void removedAndExpiredValueIsOldValue() {
    for (EventType type : new EventType[] {EventType.REMOVED, EventType.EXPIRED}) {
      EntryEvent<String, String> with = EntryEvent.create(cache, type, "k", null, "o", true);
      assertEquals("o", with.getValue());
      assertEquals("o", with.getOldValue());
      assertTrue(with.isOldValueAvailable());

      // the removed value may also be passed as "value"
      EntryEvent<String, String> asValue = EntryEvent.create(cache, type, "k", "o", null, true);
      assertEquals("o", asValue.getValue());
      assertEquals("o", asValue.getOldValue());
      assertTrue(asValue.isOldValueAvailable());

      EntryEvent<String, String> without = EntryEvent.create(cache, type, "k", null, "o", false);
      assertNull(without.getValue());
      assertNull(without.getOldValue());
      assertFalse(without.isOldValueAvailable());
    }
  }

  @Test
  void unwrap() {
    EntryEvent<String, String> e =
        EntryEvent.create(cache, EventType.CREATED, "k", "v", null, false);
    assertSame(e, e.unwrap(EntryEvent.class));
    assertSame(e, e.unwrap(CacheEntryEvent.class));
    assertSame(e, e.unwrap(Object.class));
    assertThrows(IllegalArgumentException.class, () -> e.unwrap(String.class));
  }
}
