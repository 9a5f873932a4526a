package dev.nearcache.jcache.faults;

import dev.nearcache.jcache.internal.redis.SegmentLayout;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.cache.Cache;

/**
 * Reads a cache's values straight from one Redis server with {@link RespClient}, past the provider:
 * what that server really holds. An entry is a 16-byte header (version, expiry) and the codec's
 * payload; the payload is fetched hex-encoded by a tiny script because RespClient decodes bulk
 * strings as UTF-8.
 */
final class StoredValues {
  private static final byte[] PAYLOAD_AS_HEX =
      ("local raw = redis.call('GET', KEYS[1]) "
              + "if not raw then return false end "
              + "return (string.gsub(string.sub(raw, 17), '.', function(c) return string.format('%02x', string.byte(c)) end))")
          .getBytes(StandardCharsets.US_ASCII);

  private final SegmentLayout layout;
  private final KeyEncoder keys;
  private final Codec values;

  StoredValues(SegmentLayout layout, KeyEncoder keys, Codec values) {
    this.layout = layout;
    this.keys = keys;
    this.values = values;
  }

  /** For a cache with the default key prefix and segment count. */
  static StoredValues of(Cache<?, ?> cache, KeyEncoder keys, Codec values) {
    return new StoredValues(new SegmentLayout("nc:", cache.getName(), 16), keys, values);
  }

  /** The value {@code server} holds for {@code key}, or null when it holds none. */
  Object read(RedisServer server, Object key) {
    byte[] encoded = keys.encode(key);
    byte[] redisKey = layout.entryKey(layout.segmentOf(encoded), encoded);
    try (RespClient client = server.client()) {
      Object hex =
          client.callBytes(
              "EVAL".getBytes(StandardCharsets.US_ASCII),
              PAYLOAD_AS_HEX,
              "1".getBytes(StandardCharsets.US_ASCII),
              redisKey);
      return hex == null ? null : values.decode(HexFormat.of().parseHex((String) hex));
    }
  }
}
