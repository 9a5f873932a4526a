package dev.nearcache.jcache.internal.near;

import dev.nearcache.jcache.internal.redis.ChangeKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A change message as the scripts publish it: {@code seq|origin|kind|micros|key}, where the key is
 * the entry's encoded bytes (empty for a segment clear). Only the first four separators count: the
 * key bytes may contain anything. The origin is kept only for probes, the one kind whose origin
 * matters: every other message (two per write, one to the writer) spares the string.
 *
 * <p>A write that carries its value (kind {@code u}) has {@code expiry|<key length>:<key><payload>}
 * after the fourth separator: the logical expiry in server milliseconds (-1 eternal), then the key
 * and the stored payload. Its version is its sequence number.
 *
 * <p>The arrays are the message's own bytes, not copied or wrapped (one message per change on the
 * hot path); a message is never compared or hashed, so a record's equals over arrays does not
 * matter.
 */
@SuppressWarnings("ArrayRecordComponent")
record ChangeMessage(
    long seq,
    String originOfProbe,
    ChangeKind kind,
    long serverMicros,
    byte[] key,
    long expireAtMillis,
    byte[] raw,
    int payloadFrom) {

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
    ChangeKind kind = ChangeKind.of(raw[bars[1] + 1]);
    if (kind == null) {
      throw new IllegalArgumentException(
          "malformed change message: unknown kind " + (char) raw[bars[1] + 1]);
    }
    String origin =
        kind == ChangeKind.PROBE
            ? new String(raw, bars[0] + 1, bars[1] - bars[0] - 1, StandardCharsets.US_ASCII)
            : null;
    long micros = parseLong(raw, bars[2] + 1, bars[3]);
    if (kind == ChangeKind.WRITE_WITH_VALUE) {
      return withValue(raw, seq, micros, bars[3] + 1);
    }
    byte[] key = Arrays.copyOfRange(raw, bars[3] + 1, raw.length);
    return new ChangeMessage(seq, origin, kind, micros, key, -1, raw, -1);
  }

  private static ChangeMessage withValue(byte[] raw, long seq, long micros, int from) {
    int bar = indexOf(raw, (byte) '|', from);
    boolean eternal = bar == from + 2 && raw[from] == '-' && raw[from + 1] == '1';
    long expireAt = eternal ? -1 : parseLong(raw, from, bar);
    int colon = indexOf(raw, (byte) ':', bar + 1);
    long length = parseLong(raw, bar + 1, colon);
    if (colon + 1 + length > raw.length) {
      throw new IllegalArgumentException("malformed change message: truncated key");
    }
    int keyEnd = colon + 1 + (int) length;
    return new ChangeMessage(
        seq,
        null,
        ChangeKind.WRITE_WITH_VALUE,
        micros,
        Arrays.copyOfRange(raw, colon + 1, keyEnd),
        expireAt,
        raw,
        keyEnd);
  }

  private static int indexOf(byte[] raw, byte wanted, int from) {
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == wanted) {
        return i;
      }
    }
    throw new IllegalArgumentException("malformed change message: '" + (char) wanted + "' missing");
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

  /**
   * The value a {@code u} message carries (a copy, made only when asked: usually the message
   * changes nothing here and the value is never needed); null for any other kind.
   */
  byte[] payload() {
    return payloadFrom < 0 ? null : Arrays.copyOfRange(raw, payloadFrom, raw.length);
  }

  boolean carriesValue() {
    return payloadFrom >= 0;
  }

  boolean clearsSegment() {
    return kind == ChangeKind.CLEARED;
  }
}
