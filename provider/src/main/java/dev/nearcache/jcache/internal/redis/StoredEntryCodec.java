package dev.nearcache.jcache.internal.redis;

import io.netty.buffer.ByteBuf;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * The codec of get-many.lua's replies: each bulk string is one entry (a stored string as Redis
 * holds it, or one behind a tag byte; see the script), decoded here straight from Netty's buffer
 * into a {@link StoredEntry}: the header's version and expiry are read as doubles and only the
 * payload is copied. Per key, the client then parses no integer replies (Redisson reads each
 * through a String) and copies the value once. Arguments are encoded as {@link ByteArrayCodec}
 * does.
 */
public final class StoredEntryCodec extends BaseCodec {
  public static final StoredEntryCodec INSTANCE = new StoredEntryCodec();

  /** What a key holding bytes that are not an entry decodes to (compared by identity). */
  static final StoredEntry NOT_AN_ENTRY = new StoredEntry(ReplyStatus.NONE, 0, -1, null);

  private static final int HEADER_BYTES = 16;

  private final Decoder<Object> decoder = (buf, state) -> decode(buf);

  /** Public for Redisson, which may copy a codec through its no-argument constructor. */
  public StoredEntryCodec() {}

  @Override
  public Decoder<Object> getValueDecoder() {
    return decoder;
  }

  @Override
  public Encoder getValueEncoder() {
    return ByteArrayCodec.INSTANCE.getValueEncoder();
  }

  static StoredEntry decode(ByteBuf buf) {
    ReplyStatus status = ReplyStatus.HIT;
    int first = buf.getUnsignedByte(buf.readerIndex());
    if (first == EntryTag.NOT_AN_ENTRY.code() && buf.readableBytes() == 1) {
      buf.skipBytes(1);
      return NOT_AN_ENTRY;
    }
    if (first >= EntryTag.FLOOR) {
      if (first != EntryTag.HIT_WITH_NEW_EXPIRY.code() && first != EntryTag.FOUND_EXPIRED.code()) {
        throw new IllegalStateException(
            "get-many replied an entry with unknown tag 0x" + Integer.toHexString(first));
      }
      status = first == EntryTag.FOUND_EXPIRED.code() ? ReplyStatus.EXPIRED : ReplyStatus.HIT;
      buf.skipBytes(1);
    }
    if (buf.readableBytes() < HEADER_BYTES) {
      throw new IllegalStateException(
          "get-many replied an entry of "
              + buf.readableBytes()
              + " bytes, shorter than its header");
    }
    long version = (long) buf.readDouble();
    long expireAt = (long) buf.readDouble();
    byte[] payload = new byte[buf.readableBytes()];
    buf.readBytes(payload);
    // An expired entry is reported with its last value only, as get.lua reports one.
    return status == ReplyStatus.EXPIRED
        ? new StoredEntry(status, 0, -1, payload)
        : new StoredEntry(status, version, expireAt, payload);
  }

  /**
   * One key's entry in a get-many reply; never compared or hashed, so the array's equals does not
   * matter.
   */
  @SuppressWarnings("ArrayRecordComponent")
  record StoredEntry(ReplyStatus status, long version, long expireAt, byte[] payload) {}
}
