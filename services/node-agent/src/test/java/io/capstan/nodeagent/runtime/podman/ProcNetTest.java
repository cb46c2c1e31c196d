package io.capstan.nodeagent.runtime.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which LISTEN sockets a connection to the pod's IP would reach, from the kernel's socket tables. */
class ProcNetTest {
  private static final String POD_IP = "10.244.0.3";
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

  /** Lines as an x86 kernel prints them (each 32-bit word of an address in little-endian order). */
  private static final List<String> TABLE = List.of(HEADER,
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 101 1",
      "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 102 1",
      "   2: 0300F40A:01BB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 103 1",
      "   3: 0300F40A:1F91 0100F40A:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 104 1",
      "   4: 0400F40A:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 105 1",
      HEADER,
      "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 0 0 0 0 0 106 1",
      "   1: 00000000000000000000000001000000:0017 00000000000000000000000000000000:0000 0A 0 0 0 0 0 107 1",
      "   2: 0000000000000000FFFF00000300F40A:0018 00000000000000000000000000000000:0000 0A 0 0 0 0 0 108 1");

  @BeforeAll
  static void littleEndian() {
    assertThat(ByteOrder.nativeOrder()).as("the sample lines are a little-endian kernel's").isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void aServerOnEveryAddressOrOnThePodsIpIsReached() {
    assertThat(ProcNet.listening(TABLE, POD_IP, 80)).as("0.0.0.0:80").isTrue();
    assertThat(ProcNet.listening(TABLE, POD_IP, 443)).as("10.244.0.3:443").isTrue();
    assertThat(ProcNet.listening(TABLE, POD_IP, 22)).as("[::]:22").isTrue();
    assertThat(ProcNet.listening(TABLE, POD_IP, 24)).as("[::ffff:10.244.0.3]:24").isTrue();
  }

  @Test
  void aServerOnTheLoopbackOrAnotherAddressOrAConnectionIsNot() {
    assertThat(ProcNet.listening(TABLE, POD_IP, 8080)).as("127.0.0.1:8080").isFalse();
    assertThat(ProcNet.listening(TABLE, POD_IP, 23)).as("[::1]:23").isFalse();
    assertThat(ProcNet.listening(TABLE, POD_IP, 8082)).as("10.244.0.4:8082").isFalse();
    assertThat(ProcNet.listening(TABLE, POD_IP, 8081)).as("an established connection's local port").isFalse();
    assertThat(ProcNet.listening(TABLE, POD_IP, 9)).as("nothing").isFalse();
  }
}
