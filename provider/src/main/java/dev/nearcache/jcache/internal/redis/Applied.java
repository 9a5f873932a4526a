package dev.nearcache.jcache.internal.redis;

/**
 * What is known about a failed Redis call's effect, said in the error the caller sees: after a
 * timeout or a lost connection a script may have run, and commands are never re-sent (running a
 * conditional write twice would be wrong), so the caller must be told whether to re-read.
 */
public enum Applied {
  /** The call never reached Redis, or Redis refused it: nothing changed. */
  NOT_APPLIED("nothing was changed"),
  /** It may have run, but only before its deadline; it cannot take effect later. */
  MAYBE_APPLIED_BEFORE_DEADLINE(
      "it may have been applied before its deadline, never after it; read the entry to find out"),
  /** A read: it changed no entry (at most an access time); it can simply be tried again. */
  READ("it changed nothing and can be tried again"),
  /** It may or may not have run. */
  UNKNOWN("it may or may not have been applied; read the entry to find out");

  private final String phrase;

  Applied(String phrase) {
    this.phrase = phrase;
  }

  /** The clause that ends the message. */
  String phrase() {
    return phrase;
  }
}
