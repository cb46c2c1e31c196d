package io.capstan.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
  private final HealthProbe probe = new HealthProbe(Path.of("/nonexistent/ca.crt"));

  @Test
  void portOpenIsReadyWhileSomethingListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
      HealthProbe.Result open = probe.check(Readiness.portOpen("127.0.0.1", port));
      assertThat(open.healthy()).isTrue();
      assertThat(open.detail()).isEqualTo("port open");
    }
    HealthProbe.Result closed = probe.check(Readiness.portOpen("127.0.0.1", port));
    assertThat(closed.healthy()).isFalse();
    assertThat(closed.detail()).isEqualTo("connection refused");
  }

  @Test
  void readinessPrintsAsWhatItChecks() {
    assertThat(Readiness.portOpen("127.0.0.1", 9092)).hasToString("tcp://127.0.0.1:9092");
    assertThat(Readiness.http(java.net.URI.create("http://127.0.0.1:8082/actuator/health")))
        .hasToString("http://127.0.0.1:8082/actuator/health");
  }
}
