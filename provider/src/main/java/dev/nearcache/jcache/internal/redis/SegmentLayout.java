package dev.nearcache.jcache.internal.redis;

import dev.nearcache.serialization.KeyEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where one cache's data lives in Redis (docs/design.md, "Data in Redis"). Every key of segment
 * {@code s} of cache {@code c} starts with {@code <prefix>{<c>#<s>}}: the hash tag keeps a segment
 * in one cluster slot, so each script touches one slot. After the tag, {@code k} + encoded key is
 * an entry, {@code s} the segment's sequence counter, {@code i} its index (a sorted set of encoded
 * keys scored by the instant Redis drops them) and {@code c} its change channel.
 *
 * <p>The cache name is escaped inside the tag ({@code %}, <code>{</code>, <code>}</code> and {@code
 * #} become {@code %25 %7B %7D %23}) so that no cache name can end the tag early or make two
 * caches' keys collide.
 */
public final class SegmentLayout {
  private final String cacheName;
  private final int segments;
  private final String[] tags;
  private final byte[][] entryPrefixes;
  private final byte[][] seqKeys;
  private final byte[][] indexKeys;
  private final byte[][] channels;

  public SegmentLayout(String keyPrefix, String cacheName, int segments) {
    if (segments < 1) {
      throw new IllegalArgumentException("segments must be >= 1, was " + segments);
    }
    this.cacheName = cacheName;
    this.segments = segments;
    this.tags = new String[segments];
    this.entryPrefixes = new byte[segments][];
    this.seqKeys = new byte[segments][];
    this.indexKeys = new byte[segments][];
    this.channels = new byte[segments][];
    String escaped = escape(cacheName);
    for (int s = 0; s < segments; s++) {
      String tag = keyPrefix + "{" + escaped + "#" + s + "}";
      tags[s] = tag;
      entryPrefixes[s] = (tag + "k").getBytes(StandardCharsets.UTF_8);
      seqKeys[s] = (tag + "s").getBytes(StandardCharsets.UTF_8);
      indexKeys[s] = (tag + "i").getBytes(StandardCharsets.UTF_8);
      channels[s] = (tag + "c").getBytes(StandardCharsets.UTF_8);
    }
  }

  static String escape(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '%' -> sb.append("%25");
        case '{' -> sb.append("%7B");
        case '}' -> sb.append("%7D");
        case '#' -> sb.append("%23");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  public String cacheName() {
    return cacheName;
  }

  public int segments() {
    return segments;
  }

  /** The segment of an encoded key (a storage format: see {@link KeyEncoder#segmentOf}). */
  public int segmentOf(byte[] encodedKey) {
    return KeyEncoder.segmentOf(encodedKey, segments);
  }

  /** The routing key Redisson uses to pick the node: the tag alone hashes to the segment's slot. */
  public String routingKey(int segment) {
    return tags[segment];
  }

  public byte[] entryKey(int segment, byte[] encodedKey) {
    byte[] prefix = entryPrefixes[segment];
    byte[] key = Arrays.copyOf(prefix, prefix.length + encodedKey.length);
    System.arraycopy(encodedKey, 0, key, prefix.length, encodedKey.length);
    return key;
  }

  public byte[] entryPrefix(int segment) {
    return entryPrefixes[segment];
  }

  public byte[] seqKey(int segment) {
    return seqKeys[segment];
  }

  public byte[] indexKey(int segment) {
    return indexKeys[segment];
  }

  public byte[] channel(int segment) {
    return channels[segment];
  }
}
