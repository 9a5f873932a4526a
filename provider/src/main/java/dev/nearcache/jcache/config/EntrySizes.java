package dev.nearcache.jcache.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds {@code redis.max-entry-size}: bytes, or a number of KiB, MiB or GiB. */
final class EntrySizes {
  static final String KEY = "max-entry-size";
  /** The largest Java byte array the JVMs in use allocate. */
  static final long MAX = Integer.MAX_VALUE - 8;
  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|b|kib|mib|gib)");
  private static final String ALLOWED = "a size from 1 byte to " + MAX + " bytes: a number of bytes (1048576),"
      + " or of KiB, MiB, GiB (64KiB, 16MiB, 1GiB); Redis refuses arguments larger than its proto-max-bulk-len"
      + " (512MiB by default)";

  private EntrySizes() {}

  static int maxEntrySize(ConfigNode node) {
    Optional<String> text = node.text(KEY);
    if (text.isEmpty()) {
      return RedisSettings.DEFAULT_MAX_ENTRY_SIZE;
    }
    Matcher m = SIZE.matcher(text.get().trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long unit = switch (m.group(2)) {
        case "kib" -> 1L << 10;
        case "mib" -> 1L << 20;
        case "gib" -> 1L << 30;
        default -> 1L;
      };
      try {
        long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        if (bytes >= 1 && bytes <= MAX) {
          return (int) bytes;
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // too large: reported below
      }
    }
    throw node.invalid(KEY, text.get(), ALLOWED);
  }
}
