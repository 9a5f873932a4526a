package dev.nearcache.jcache.internal.config;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where system properties and environment variables are looked up; tests replace it.
 *
 * @param systemProperty looks up a system property (null when absent)
 * @param variable looks up an environment variable (null when absent)
 */
public record Environment(UnaryOperator<String> systemProperty, UnaryOperator<String> variable) {
  public Environment {
    Objects.requireNonNull(systemProperty, "systemProperty");
    Objects.requireNonNull(variable, "variable");
  }

  public static Environment system() {
    return new Environment(System::getProperty, System::getenv);
  }

  /** A system property, else an environment variable of that name, else null. */
  String lookup(String name) {
    String value = systemProperty.apply(name);
    return value != null ? value : variable.apply(name);
  }
}
