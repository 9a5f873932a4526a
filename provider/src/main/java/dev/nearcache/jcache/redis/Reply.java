package dev.nearcache.jcache.redis;

import java.util.List;

/**
 * What a single-key script answered: the outcome, the segment sequence number of the change it
 * made (0 when it changed nothing), the entry's version and logical expiry after the script, a
 * payload (the value, the old value or the current value, depending on the script) and whether it
 * found the entry logically expired, and the server's clock (ms) when the script ran.
 */
public record Reply(int status, long seq, long version, long expireAt, byte[] payload, boolean expired, long serverNow) {

  public static final int CONFLICT = -1;
  public static final int NONE = 0;
  public static final int HIT = 1;
  public static final int CREATED = 1;
  public static final int UPDATED = 2;
  public static final int REMOVED = 3;
  public static final int NOT_EQUAL = 4;
  public static final int PRESENT = 5;
  public static final int EXPIRED = 7;

  static Reply of(Object raw) {
    List<?> list = (List<?>) raw;
    return new Reply(
        toInt(list.get(0)),
        toLong(list.get(1)),
        toLong(list.get(2)),
        toLong(list.get(3)),
        list.size() > 4 ? (byte[]) list.get(4) : null,
        list.size() > 5 && toLong(list.get(5)) == 1,
        list.size() > 6 ? toLong(list.get(6)) : 0);
  }

  private static int toInt(Object o) {
    return (int) toLong(o);
  }

  private static long toLong(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }
}
