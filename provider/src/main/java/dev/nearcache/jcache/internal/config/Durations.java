package dev.nearcache.jcache.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, {@code 1d}, a
 * plain number of milliseconds, or ISO-8601 such as {@code PT10M}.
 */
final class Durations {
  static final String ALLOWED =
      "a duration such as 500ms, 2s, 10m, 1h, 1d, a number of milliseconds, or ISO-8601 such as PT10M";

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /**
   * @throws IllegalArgumentException when the text is not a duration or is negative
   */
  static Duration parse(String text) {
    String trimmed = text.trim();
    Matcher matcher = SIMPLE.matcher(trimmed);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        return switch (unit == null ? "ms" : unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> throw new IllegalArgumentException(text);
        };
      }
      String upper = trimmed.toUpperCase(Locale.ROOT);
      if (upper.startsWith("P")) {
        Duration duration = Duration.parse(upper);
        if (duration.isNegative()) {
          throw new IllegalArgumentException("negative: " + text);
        }
        return duration;
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: " + text, e);
    }
    throw new IllegalArgumentException("not a duration: " + text);
  }

  /** The shortest exact form in the simple syntax (ISO-8601 below a millisecond). */
  static String format(Duration duration) {
    if (duration.toNanosPart() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis != 0) {
      if (millis % 86_400_000L == 0) {
        return millis / 86_400_000L + "d";
      }
      if (millis % 3_600_000L == 0) {
        return millis / 3_600_000L + "h";
      }
      if (millis % 60_000L == 0) {
        return millis / 60_000L + "m";
      }
      if (millis % 1_000L == 0) {
        return millis / 1_000L + "s";
      }
    }
    return millis + "ms";
  }
}
