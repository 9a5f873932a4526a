package dev.nearcache.serialization;

/** The built-in {@code kryo} codec; see {@link KryoCodec}. */
public final class KryoCodecFactory implements CodecFactory {

  public static final String NAME = CodecSettings.DEFAULT_CODEC;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Codec create(CodecSettings settings) {
    return new KryoCodec(settings);
  }
}
