package dev.nearcache.jcache.near;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A change message as the scripts publish it: {@code seq|origin|kind|micros|key}, where the key
 * is the entry's encoded bytes (empty for a segment clear). Only the first four separators count:
 * the key bytes may contain anything. The origin is kept only for probes, the one kind whose
 * origin matters: every other message (two per write, one to the writer) spares the string.
 */
record ChangeMessage(long seq, String originOfProbe, char kind, long serverMicros, byte[] key) {

  static ChangeMessage parse(byte[] raw) {
    int[] bars = new int[4];
    int found = 0;
    for (int i = 0; i < raw.length && found < 4; i++) {
      if (raw[i] == '|') {
        bars[found++] = i;
      }
    }
    if (found < 4) {
      throw new IllegalArgumentException("malformed change message: " + found + " separators");
    }
    long seq = parseLong(raw, 0, bars[0]);
    char kind = (char) raw[bars[1] + 1];
    String origin = kind == 'P' ? new String(raw, bars[0] + 1, bars[1] - bars[0] - 1, StandardCharsets.US_ASCII) : null;
    long micros = parseLong(raw, bars[2] + 1, bars[3]);
    byte[] key = Arrays.copyOfRange(raw, bars[3] + 1, raw.length);
    return new ChangeMessage(seq, origin, kind, micros, key);
  }

  private static long parseLong(byte[] raw, int from, int to) {
    if (from >= to) {
      throw new IllegalArgumentException("malformed change message: empty number");
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = raw[i] - '0';
      if (d < 0 || d > 9) {
        throw new IllegalArgumentException("malformed change message: bad digit");
      }
      n = n * 10 + d;
    }
    return n;
  }

  /** The keys of a multi-key message: {@code <decimal length>:<bytes>} repeated. */
  static java.util.List<byte[]> splitKeys(byte[] section) {
    java.util.List<byte[]> keys = new java.util.ArrayList<>();
    int i = 0;
    while (i < section.length) {
      int colon = i;
      while (colon < section.length && section[colon] != ':') {
        colon++;
      }
      if (colon == section.length) {
        throw new IllegalArgumentException("malformed multi-key change message");
      }
      int length = (int) parseLong(section, i, colon);
      int start = colon + 1;
      if (start + length > section.length) {
        throw new IllegalArgumentException("malformed multi-key change message: truncated key");
      }
      keys.add(Arrays.copyOfRange(section, start, start + length));
      i = start + length;
    }
    return keys;
  }

  boolean clearsSegment() {
    return kind == 'C';
  }
}
