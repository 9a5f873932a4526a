package dev.nearcache.jcache.internal.redis;

/**
 * The kind of a change message ({@code seq|origin|kind|micros|body}, docs/redis-layout.md): one
 * character on the wire. The scripts use the names ({@link LuaConstants}); the near tier reads
 * messages with {@link #of}.
 */
public enum ChangeKind {
  /** A write of one key. */
  WRITE('w'),
  /** A write of one key carrying its new value: {@code expiry|<key length>:<key><payload>}. */
  WRITE_WITH_VALUE('u'),
  /** One key removed. */
  DELETE('d'),
  /** One key found expired and removed. */
  EXPIRED('x'),
  /** One key's access expiry shortened its life. */
  ACCESS_SHORTENED('a'),
  /** The segment was cleared (or a slice of it). */
  CLEARED('C'),
  /** A bulk write of several keys: {@code <length>:<key>...}. */
  BULK_WRITE('M'),
  /** A node's probe of its own subscription (sequence number 0: not a change). */
  PROBE('P');

  private static final ChangeKind[] BY_CHAR = new ChangeKind[128];

  static {
    for (ChangeKind k : values()) {
      BY_CHAR[k.code] = k;
    }
  }

  private final char code;

  ChangeKind(char code) {
    this.code = code;
  }

  public char code() {
    return code;
  }

  /** The kind of a message's kind byte; null for a byte no script sends. */
  public static ChangeKind of(int b) {
    return b >= 0 && b < BY_CHAR.length ? BY_CHAR[b] : null;
  }
}
