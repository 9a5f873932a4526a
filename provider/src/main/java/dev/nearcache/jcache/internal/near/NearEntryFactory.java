package dev.nearcache.jcache.internal.near;

import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.near.internal.NearTier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds a cache's near entries from a value or its stored bytes: immutable values are kept as
 * objects and handed to every reader as they are; any other value is kept as its bytes and decoded
 * for each reader (store-by-value). Used for reads, this node's writes and the values that other
 * nodes' change messages carry.
 */
public final class NearEntryFactory {
  private final NearTier tier;
  private final Function<byte[], Object> decoder;
  private final Predicate<Class<?>> immutable;

  /**
   * @param decoder decodes a payload (to learn whether the value can be shared as an object)
   * @param immutable whether instances of a class may be handed to every reader as they are
   */
  public NearEntryFactory(
      NearTier tier, Function<byte[], Object> decoder, Predicate<Class<?>> immutable) {
    this.tier = tier;
    this.decoder = decoder;
    this.immutable = immutable;
  }

  /**
   * The entry for a value ({@code value} null: decoded from {@code payload}); null when the value
   * is already expired by the server's clock. Throws when the payload cannot be decoded here.
   */
  public NearEntry entry(
      int segment,
      Object value,
      byte[] payload,
      long seq,
      long version,
      long expireAtMillis,
      long serverNowMillis) {
    Object object = value != null ? value : decoder.apply(payload);
    boolean share = object != null && immutable.test(object.getClass());
    return tier.entry(
        share ? object : null,
        share ? null : payload,
        segment,
        seq,
        version,
        expireAtMillis,
        serverNowMillis);
  }
}
