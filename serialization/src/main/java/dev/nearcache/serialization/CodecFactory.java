package dev.nearcache.serialization;

/**
 * Service-provider interface for codecs. Implementations are listed in {@code
 * META-INF/services/dev.nearcache.serialization.CodecFactory} and chosen by {@link #name()} through
 * {@link Codecs#create(CodecSettings)}, so a deployment can plug in another codec without code
 * changes.
 *
 * <p>Implementations need a public no-argument constructor (a {@link java.util.ServiceLoader}
 * rule).
 */
public interface CodecFactory {

  /** The name configured as {@code codec.name}, e.g. {@code kryo}; compared case-insensitively. */
  String name();

  /**
   * Creates a codec honouring {@code settings}: in particular it must refuse to decode classes that
   * {@link CodecSettings#allowedClasses()} and {@link CodecSettings#registeredClasses()} do not
   * allow.
   */
  Codec create(CodecSettings settings);
}
