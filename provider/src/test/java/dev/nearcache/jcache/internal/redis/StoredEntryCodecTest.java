package dev.nearcache.jcache.internal.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The byte layouts get-many.lua replies per key (integration: GetManyRepliesTest). */
class StoredEntryCodecTest {
  private static ByteBuf stored(int tag, double version, double expireAt, byte[] payload) {
    ByteBuf buf = Unpooled.buffer();
    if (tag >= 0) {
      buf.writeByte(tag);
    }
    buf.writeDouble(version).writeDouble(expireAt).writeBytes(payload);
    return buf;
  }

  @Test
  void aStoredStringIsAHitWithItsHeader() {
    StoredEntryCodec.StoredEntry e =
        StoredEntryCodec.decode(stored(-1, 42, 1_700_000_000_123L, new byte[] {1, 2, 3}));
    assertEquals(ReplyStatus.HIT, e.status());
    assertEquals(42, e.version());
    assertEquals(1_700_000_000_123L, e.expireAt());
    assertArrayEquals(new byte[] {1, 2, 3}, e.payload());
  }

  @Test
  void taggedFormsCarryTheirStatus() {
    StoredEntryCodec.StoredEntry moved =
        StoredEntryCodec.decode(stored(0xF1, 7, -1, new byte[] {9}));
    assertEquals(ReplyStatus.HIT, moved.status());
    assertEquals(7, moved.version());
    assertEquals(-1, moved.expireAt());
    StoredEntryCodec.StoredEntry expired =
        StoredEntryCodec.decode(stored(0xF7, 7, 1_000, new byte[] {8}));
    assertEquals(ReplyStatus.EXPIRED, expired.status());
    assertEquals(0, expired.version());
    assertEquals(-1, expired.expireAt());
    assertArrayEquals(new byte[] {8}, expired.payload());
  }

  @Test
  void anUnknownTagOrAShortEntryIsAnError() {
    assertThrows(
        IllegalStateException.class,
        () -> StoredEntryCodec.decode(stored(0xF3, 1, 1, new byte[0])));
    assertThrows(
        IllegalStateException.class,
        () -> StoredEntryCodec.decode(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
  }
}
