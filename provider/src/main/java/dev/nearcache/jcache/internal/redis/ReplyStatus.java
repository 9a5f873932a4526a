package dev.nearcache.jcache.internal.redis;

/**
 * What a script answered about the entry it was asked about. Each value has its own code on the
 * wire: the scripts use the names (generated into every script by {@link LuaConstants}), never the
 * numbers, so a hit and a creation can no longer be confused.
 */
public enum ReplyStatus {
  /**
   * The entry's version was not the one the call expected (compare-and-set lost): nothing changed.
   */
  CONFLICT(-1),
  /** Nothing done: the entry is absent (a read, remove or replace), or a zero creation expiry. */
  NONE(0),
  /** A write created the entry. */
  CREATED(1),
  /** A write replaced a live entry. */
  UPDATED(2),
  /** The entry was removed. */
  REMOVED(3),
  /** A conditional remove or replace found other bytes (the current value is in the payload). */
  NOT_EQUAL(4),
  /** putIfAbsent found a live entry. */
  PRESENT(5),
  /** A read found a live entry (payload, version and expiry in the reply). */
  HIT(6),
  /**
   * The entry was found logically expired, removed and reported (its last value in the payload).
   */
  EXPIRED(7),
  /** An access expiry was applied to a live entry (touch). */
  TOUCHED(8);

  private static final ReplyStatus[] BY_CODE = new ReplyStatus[10];

  static {
    for (ReplyStatus s : values()) {
      BY_CODE[s.code + 1] = s;
    }
  }

  private final int code;

  ReplyStatus(int code) {
    this.code = code;
  }

  /** The number a script answers for this status. */
  public int code() {
    return code;
  }

  /** The status a script answered; fails on a number no script answers. */
  public static ReplyStatus ofCode(long code) {
    ReplyStatus s = code >= -1 && code + 1 < BY_CODE.length ? BY_CODE[(int) code + 1] : null;
    if (s == null) {
      throw new IllegalStateException("a script answered the unknown status " + code);
    }
    return s;
  }

  /** A write stored the entry (created or replaced it). */
  public boolean stored() {
    return this == CREATED || this == UPDATED;
  }
}
