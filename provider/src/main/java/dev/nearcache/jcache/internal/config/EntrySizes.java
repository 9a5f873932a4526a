package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.config.RedisSettings;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes sizes such as {@code redis.max-entry-size}: bytes, or a number of KiB, MiB or
 * GiB.
 */
final class EntrySizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|b|kib|mib|gib)");
  private static final String[] UNITS = {"GiB", "MiB", "KiB"};

  private EntrySizes() {}

  /** {@code redis.max-entry-size}, its default when absent. */
  static int maxEntrySize(ConfigNode node) {
    Setting<RedisSettings, Integer> setting = SettingsTable.Redis.MAX_ENTRY_SIZE;
    return size(node, setting).orElse(setting.defaultValue());
  }

  static Optional<Integer> size(ConfigNode node, Setting<?, Integer> setting) {
    Optional<String> text = node.text(setting.expect(Setting.Kind.SIZE));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = SIZE.matcher(text.get().trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long unit =
          switch (m.group(2)) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L;
          };
      try {
        long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        if (bytes >= setting.min() && bytes <= setting.max()) {
          return Optional.of((int) bytes);
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // too large: reported below
      }
    }
    throw node.invalid(
        setting.key(),
        text.get(),
        "a size from "
            + bytes(setting.min())
            + " to "
            + bytes(setting.max())
            + ": a number of bytes (1048576), or of KiB, MiB, GiB (64KiB, 16MiB, 1GiB); Redis"
            + " refuses arguments larger than its proto-max-bulk-len (512MiB by default)");
  }

  /**
   * In the largest unit that holds it exactly ({@code 512MiB}, {@code 1500}), as {@link #size}
   * reads it.
   */
  static String format(long bytes) {
    for (int i = 0; i < UNITS.length; i++) {
      long unit = 1L << (10 * (UNITS.length - i));
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + UNITS[i];
      }
    }
    return Long.toString(bytes);
  }

  private static String bytes(long n) {
    return n == 1 ? "1 byte" : n + " bytes";
  }
}
