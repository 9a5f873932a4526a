package dev.nearcache.jcache.internal.near;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nearcache.jcache.internal.redis.ChangeKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Change messages as the scripts publish them (prelude.lua). */
class ChangeMessageTest {

  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      byte[] b = p instanceof byte[] raw ? raw : p.toString().getBytes(StandardCharsets.UTF_8);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  @Test
  void anInvalidationCarriesTheKeyAsItsLastField() {
    byte[] key = {'a', '|', ':', 0, (byte) 0xff};
    ChangeMessage m = ChangeMessage.parse(bytes("42|node-1|w|1700000000123456|", key));
    assertEquals(42, m.seq());
    assertEquals(ChangeKind.WRITE, m.kind());
    assertEquals(1700000000123456L, m.serverMicros());
    assertArrayEquals(key, m.key());
    assertNull(m.payload());
    assertNull(m.originOfProbe(), "the origin is read for probes only");
  }

  @Test
  void aWriteWithItsValueCarriesExpiryKeyAndPayload() {
    byte[] key = {'k', '|', ':'};
    byte[] payload = {1, '|', ':', 2, 0};
    ChangeMessage eternal =
        ChangeMessage.parse(bytes("7|n|u|1700000000000001|-1|3:", key, payload));
    assertEquals(ChangeKind.WRITE_WITH_VALUE, eternal.kind());
    assertEquals(-1, eternal.expireAtMillis());
    assertArrayEquals(key, eternal.key());
    assertArrayEquals(payload, eternal.payload());

    ChangeMessage expiring =
        ChangeMessage.parse(bytes("8|n|u|1700000000000001|1700000000500|3:", key));
    assertEquals(1700000000500L, expiring.expireAtMillis());
    assertArrayEquals(new byte[0], expiring.payload());
  }

  @Test
  void malformedMessagesAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> ChangeMessage.parse(bytes("7|n|u|1|-1|9:short")));
    assertThrows(IllegalArgumentException.class, () -> ChangeMessage.parse(bytes("7|n|u|1|-1")));
    assertThrows(
        IllegalArgumentException.class, () -> ChangeMessage.parse(bytes("7|n|u|1|-2|1:k")));
    assertThrows(IllegalArgumentException.class, () -> ChangeMessage.parse(bytes("7|n|w")));
  }
}
