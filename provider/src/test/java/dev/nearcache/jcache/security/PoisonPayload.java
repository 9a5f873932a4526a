package dev.nearcache.jcache.security;

/**
 * A value class whose static initialiser reports to {@link InitLog}. Tests never name it in code
 * (only by {@link #NAME}), and each node loads its own copy through an {@link
 * IsolatingClassLoader}, so "the initialiser ran in node B" is a fact about B's loader alone.
 */
public final class PoisonPayload {
  public static final String NAME = "dev.nearcache.jcache.security.PoisonPayload";

  static {
    InitLog.initialised(PoisonPayload.class);
  }

  public String text;

  public PoisonPayload() {}

  @Override
  public String toString() {
    return "PoisonPayload[" + text + "]";
  }
}
