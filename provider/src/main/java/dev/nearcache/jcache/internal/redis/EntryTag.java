package dev.nearcache.jcache.internal.redis;

/**
 * The tag bytes get-many puts before (or instead of) a stored entry in its reply ({@link
 * StoredEntryCodec}). A stored entry starts with a positive double, whose first byte is below 0x80,
 * so a tag (0x80 or above) is never mistaken for one.
 */
public enum EntryTag {
  /** A hit whose access expiry moved: the header that follows is the rewritten one. */
  HIT_WITH_NEW_EXPIRY(0xF1),
  /** An entry found expired, removed and reported: its last value follows. */
  FOUND_EXPIRED(0xF7),
  /** Bytes that were not an entry (removed): nothing follows. */
  NOT_AN_ENTRY(0xFA);

  /** Stored strings begin with a positive double (the version), whose first byte is below this. */
  static final int FLOOR = 0x80;

  private final int code;

  EntryTag(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
