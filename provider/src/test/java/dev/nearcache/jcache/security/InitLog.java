package dev.nearcache.jcache.security;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Records which class loaders ran the static initialiser of {@link PoisonPayload}. Loaded by the
 * test class loader only (the isolating loaders delegate it), so every copy of the payload class
 * reports to the same log. Public, because a copy defined by another loader is in another runtime
 * package.
 */
public final class InitLog {
  private static final Set<ClassLoader> INITIALISED =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  private InitLog() {}

  public static void initialised(Class<?> type) {
    INITIALISED.add(type.getClassLoader());
  }

  public static boolean initialisedIn(ClassLoader loader) {
    return INITIALISED.contains(loader);
  }
}
