package dev.nearcache.jcache.internal.redis;

import java.util.List;

/**
 * What a single-key script answered: the outcome, the segment sequence number of the change it made
 * (0 when it changed nothing; for a read, the number the value is current up to), the entry's
 * version and logical expiry after the script, a payload (the value, the old value or the current
 * value, depending on the script) and the server's clock (ms) when the script ran.
 *
 * <p>The payload is the reply's own array, not copied or wrapped; a reply is never compared or
 * hashed, so a record's equals over arrays does not matter.
 */
@SuppressWarnings("ArrayRecordComponent")
public record Reply(
    ReplyStatus status, long seq, long version, long expireAt, byte[] payload, long serverNow) {

  /**
   * A script's reply array: {status, seq, version, expiry, payload or false, server ms, ...}
   * (prelude.lua's reply).
   */
  static Reply of(Object raw) {
    List<?> list = (List<?>) raw;
    return new Reply(
        ReplyStatus.ofCode(toLong(list.get(0))),
        toLong(list.get(1)),
        toLong(list.get(2)),
        toLong(list.get(3)),
        list.get(4) instanceof byte[] b ? b : null,
        toLong(list.get(5)));
  }

  /** Nothing found: the entry is absent, as known at sequence number {@code seq}. */
  public static Reply absent(long seq, long serverNow) {
    return new Reply(ReplyStatus.NONE, seq, 0, -1, null, serverNow);
  }

  /** A conditional write that found other bytes: the current entry, for the caller to compare. */
  public static Reply notEqual(long version, long expireAt, byte[] current) {
    return new Reply(ReplyStatus.NOT_EQUAL, 0, version, expireAt, current, 0);
  }

  private static long toLong(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }
}
