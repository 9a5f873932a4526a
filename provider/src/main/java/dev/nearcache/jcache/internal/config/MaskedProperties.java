package dev.nearcache.jcache.internal.config;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Properties whose {@code toString} and {@code list} show every {@code *password} value as {@code
 * ****}.
 */
public final class MaskedProperties extends Properties {
  private static final long serialVersionUID = 1L;

  MaskedProperties() {
    super();
  }

  public MaskedProperties(Properties source) {
    super();
    for (String name : source.stringPropertyNames()) {
      setProperty(name, source.getProperty(name));
    }
  }

  @Override
  public synchronized String toString() {
    StringJoiner joiner = new StringJoiner(", ", "{", "}");
    for (String name : new TreeSet<>(stringPropertyNames())) {
      joiner.add(name + "=" + shown(name));
    }
    return joiner.toString();
  }

  @Override
  public void list(PrintStream out) {
    out.println("-- nearcache settings --");
    for (String name : new TreeSet<>(stringPropertyNames())) {
      out.println(name + "=" + shown(name));
    }
  }

  @Override
  public void list(PrintWriter out) {
    out.println("-- nearcache settings --");
    for (String name : new TreeSet<>(stringPropertyNames())) {
      out.println(name + "=" + shown(name));
    }
  }

  @Override
  public synchronized boolean equals(Object o) {
    return super.equals(o);
  }

  @Override
  public synchronized int hashCode() {
    return super.hashCode();
  }

  private String shown(String name) {
    return SettingErrors.isSecret(name) ? SettingErrors.MASK : getProperty(name);
  }
}
