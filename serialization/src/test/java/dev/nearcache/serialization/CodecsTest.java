package dev.nearcache.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CodecsTest {

  @Test
  void theKryoFactoryIsAService() {
    List<String> names =
        ServiceLoader.load(CodecFactory.class).stream().map(p -> p.get().name()).toList();
    assertTrue(names.contains("kryo"), names.toString());
  }

  @Test
  void createsTheCodecByName() {
    assertInstanceOf(KryoCodec.class, Codecs.create(CodecSettings.defaults()));
    assertInstanceOf(KryoCodec.class, Codecs.create(new CodecSettings(" KRYO ", null, null, null)));
    assertInstanceOf(KryoCodec.class, Codecs.create(new CodecSettings(null, null, null, null)));
    assertTrue(Codecs.knownNames(null).contains("kryo"));
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Codecs.create(new CodecSettings("protobuf", List.of(), List.of(), null)));
    assertTrue(e.getMessage().contains("'protobuf'"), e.getMessage());
    assertTrue(e.getMessage().contains("[kryo]"), e.getMessage());
  }

  @Test
  void factoriesFromTheSettingsClassLoaderAreFound() {
    ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};
    assertEquals(
        "x",
        Codecs.create(CodecSettings.defaults().withClassLoader(loader))
            .decode(Codecs.create(CodecSettings.defaults()).encode("x")));
  }
}
