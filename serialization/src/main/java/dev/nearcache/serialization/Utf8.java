package dev.nearcache.serialization;

/**
 * Strict UTF-8 for key strings, written straight into the key array (one allocation).
 *
 * <p>{@code String.getBytes(UTF_8)} replaces unpaired surrogates with '?', so two different strings
 * could share one encoding and hence one cache entry. This encoder refuses them instead ({@link
 * #encodedLength} returns -1) and {@link KeyEncoder} stores such rare strings through the codec,
 * which keeps every char.
 */
final class Utf8 {

  private Utf8() {}

  /** The UTF-8 length of {@code s}, or -1 if it contains an unpaired surrogate. */
  static int encodedLength(String s) {
    int length = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return -1;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** Writes {@code s} (validated by {@link #encodedLength}) at {@code position}. */
  static void encode(String s, byte[] target, int position) {
    int p = position;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        target[p++] = (byte) c;
      } else if (c < 0x800) {
        target[p++] = (byte) (0xC0 | (c >> 6));
        target[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int codePoint = Character.toCodePoint(c, s.charAt(++i));
        target[p++] = (byte) (0xF0 | (codePoint >> 18));
        target[p++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        target[p++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        target[p++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        target[p++] = (byte) (0xE0 | (c >> 12));
        target[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        target[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }
}
