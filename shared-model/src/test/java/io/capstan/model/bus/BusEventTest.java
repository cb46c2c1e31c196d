package io.capstan.model.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BusEventTest {

  @Test
  void embeddedObjectComesBackByteForByte() {
    byte[] stored = "{\"metadata\":{\"name\":\"é-x\",\"labels\":{\"a\":\"}\"}},\"spec\":[1,{\"b\":2}]}"
        .getBytes(StandardCharsets.UTF_8);
    BusEvent e = new BusEvent(BusEvent.Type.MODIFIED, 42, "/registry/pods/default/é-x", stored);
    String wire = new String(e.encode(), StandardCharsets.UTF_8);
    assertThat(wire).startsWith("{\"type\":\"MODIFIED\",\"revision\":42,\"key\":\"/registry/pods/default/é-x\",\"object\":{");

    BusEvent back = BusEvent.decode(e.encode());
    assertThat(back.type()).isEqualTo(BusEvent.Type.MODIFIED);
    assertThat(back.revision()).isEqualTo(42);
    assertThat(back.key()).isEqualTo("/registry/pods/default/é-x");
    assertThat(back.object()).isEqualTo(stored);
  }

  @Test
  void nonJsonValuesTravelAsBase64() {
    byte[] cipher = {0, 1, 2, (byte) 0xff, 'k', '8', 's'};
    BusEvent back = BusEvent.decode(new BusEvent(BusEvent.Type.ADDED, 7, "/registry/secrets/a/b", cipher).encode());
    assertThat(back.object()).isEqualTo(cipher);
  }

  @Test
  void resyncMarkerHasNoKeyOrObject() {
    BusEvent back = BusEvent.decode(BusEvent.resync(99).encode());
    assertThat(back.type()).isEqualTo(BusEvent.Type.RESYNC);
    assertThat(back.revision()).isEqualTo(99);
    assertThat(back.key()).isNull();
    assertThat(back.object()).isNull();
  }

  @Test
  void keysWithQuotesAreEscaped() {
    BusEvent back = BusEvent.decode(new BusEvent(BusEvent.Type.DELETED, 1, "a\"b\\c", "{}".getBytes()).encode());
    assertThat(back.key()).isEqualTo("a\"b\\c");
  }

  @Test
  void garbageIsRejected() {
    assertThatThrownBy(() -> BusEvent.decode("[1]".getBytes())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BusEvent.decode("{\"revision\":1}".getBytes())).isInstanceOf(IllegalArgumentException.class);
  }
}
