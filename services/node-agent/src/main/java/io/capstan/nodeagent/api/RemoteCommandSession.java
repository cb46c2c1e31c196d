package io.capstan.nodeagent.api;

import io.capstan.nodeagent.runtime.ProcessStreams;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kubernetes' remote command protocol over WebSocket ({@code v4.channel.k8s.io}, {@code
 * v5.channel.k8s.io}), which kubectl exec and attach speak: every binary message starts with its
 * channel byte — 0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4 terminal resize ({@code
 * {"Width":w,"Height":h}}) and, from v5, 255 "close channel n" (stdin EOF). The Status is
 * Success or {@code NonZeroExitCode} with the code as an {@code ExitCode} cause, from which
 * kubectl prints "command terminated with exit code N" and exits with N.
 */
final class RemoteCommandSession {
  static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
  private static final Logger log = LoggerFactory.getLogger(RemoteCommandSession.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte STDIN = 0, STDOUT = 1, STDERR = 2, ERROR = 3, RESIZE = 4, CLOSE = (byte) 255;

  private final WebSocket ws;
  private final Socket socket;
  private final ProcessStreams process;
  private volatile boolean outputDone;

  RemoteCommandSession(WebSocket ws, Socket socket, ProcessStreams process) {
    this.ws = ws;
    this.socket = socket;
    this.process = process;
  }

  /** Runs until the process's output ends (or the client leaves), then sends the Status and closes. */
  void run() throws IOException {
    Thread input = new Thread(this::pumpInput, "node-api-stdin");
    input.setDaemon(true);
    input.start();
    try {
      process.copyOutput(new ProcessStreams.OutputSink() {
        @Override
        public void stdout(byte[] data, int off, int len) throws IOException {
          ws.sendBinary(STDOUT, data, off, len);
        }

        @Override
        public void stderr(byte[] data, int off, int len) throws IOException {
          ws.sendBinary(STDERR, data, off, len);
        }
      });
      outputDone = true;
      ws.sendBinary(status(process.exitCode()));
      ws.sendClose(1000);
      // Half-close, then let the client's close arrive: closing with its bytes unread would
      // reset the connection and could destroy the Status before the client reads it.
      socket.shutdownOutput();
      input.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.close();
    }
  }

  private void pumpInput() {
    try {
      byte[] m;
      while ((m = ws.read()) != null) {
        if (m.length == 0) continue;
        switch (m[0]) {
          case STDIN -> {
            if (m.length > 1) process.writeInput(m, 1, m.length - 1);
          }
          case RESIZE -> resize(m);
          case CLOSE -> {
            if (m.length > 1 && m[1] == STDIN) process.closeInput();
          }
          default -> log.debug("ignoring a message on channel {}", m[0] & 0xff);
        }
      }
    } catch (IOException e) {
      log.debug("exec input ended: {}", e.toString());
    }
    // The client left before the process ended (kubectl interrupted): end the session; the
    // process itself runs on, as it does under the kubelet.
    if (!outputDone) process.close();
  }

  private void resize(byte[] m) {
    try {
      JsonNode size = JSON.readTree(new String(m, 1, m.length - 1, StandardCharsets.UTF_8));
      process.resize(size.path("Width").asInt(0), size.path("Height").asInt(0));
    } catch (RuntimeException e) {
      log.debug("ignoring a bad resize message: {}", e.toString());
    }
  }

  /** Channel 3's message: a metav1.Status. */
  static byte[] status(Integer exitCode) {
    String json = exitCode == null || exitCode == 0
        ? "{\"metadata\":{},\"status\":\"Success\"}"
        : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: exit status "
            + exitCode + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
            + exitCode + "\"}]}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] m = new byte[body.length + 1];
    m[0] = ERROR;
    System.arraycopy(body, 0, m, 1, body.length);
    return m;
  }
}
