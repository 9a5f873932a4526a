package dev.nearcache.bench;

import java.util.Locale;

/** Number formatting for the report and the chart. */
final class Fmt {
  private Fmt() {}

  static String ops(double opsPerSecond) {
    if (Double.isNaN(opsPerSecond)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,.0f", opsPerSecond);
  }

  /** Short form for chart labels: 12.3M, 456k, 789. */
  static String opsShort(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, v >= 1e7 ? "%.0fM" : "%.1fM", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, v >= 1e4 ? "%.0fk" : "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String nanos(double ns) {
    if (Double.isNaN(ns)) {
      return "–";
    }
    if (ns < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", ns);
    }
    if (ns < 10_000) {
      return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }
    if (ns < 1_000_000) {
      return String.format(Locale.ROOT, "%.0f µs", ns / 1e3);
    }
    if (ns < 10_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
    return String.format(Locale.ROOT, ns < 100_000_000 ? "%.1f ms" : "%.0f ms", ns / 1e6);
  }

  static String micros(double us) {
    return nanos(us * 1000);
  }

  static String ratio(double r) {
    if (Double.isNaN(r) || Double.isInfinite(r)) {
      return "–";
    }
    if (r >= 100) {
      return String.format(Locale.ROOT, "%.0f×", r);
    }
    if (r >= 10) {
      return String.format(Locale.ROOT, "%.1f×", r);
    }
    return String.format(Locale.ROOT, "%.2f×", r);
  }

  static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "–";
    }
    return String.format(Locale.ROOT, b < 10 ? "%.1f" : "%,.0f", b);
  }

  static String num(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }
}
