package io.capstan.nodeagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketTest {

  @Test
  void theAcceptKeyIsRfc6455s() {
    // The example handshake of RFC 6455 section 1.3.
    assertThat(WebSocket.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void theStatusChannelCarriesTheExitCodeAsKubectlReadsIt() {
    byte[] ok = RemoteCommandSession.status(0);
    assertThat(ok[0]).isEqualTo((byte) 3);
    assertThat(new String(ok, 1, ok.length - 1, StandardCharsets.UTF_8)).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    String failed = new String(RemoteCommandSession.status(3), StandardCharsets.UTF_8).substring(1);
    assertThat(failed).contains("\"reason\":\"NonZeroExitCode\"")
        .contains("\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]");
  }
}
