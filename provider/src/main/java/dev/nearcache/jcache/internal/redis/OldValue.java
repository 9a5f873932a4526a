package dev.nearcache.jcache.internal.redis;

/**
 * Whether a write's reply carries the value it replaced (for getAndPut, events that want it...).
 */
public enum OldValue {
  RETURN,
  DISCARD;

  /** {@link #RETURN} when the caller needs the old value. */
  public static OldValue returnedIf(boolean wanted) {
    return wanted ? RETURN : DISCARD;
  }
}
