package io.capstan.nodeagent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.nodeagent.runtime.ContainerRuntime.ExecResult;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProberTest {
  static final Sandbox SANDBOX = new Sandbox("sb", "pod", "uid", "ns", "p", "127.0.0.1", 0, true);
  static final Container CONTAINER = new ContainerBuilder().withName("app").addNewPort().withName("web")
      .withContainerPort(8080).endPort().build();

  /** The simulated runtime with a scripted exec and socket table. */
  static final class ScriptedRuntime extends SimulatedRuntime {
    Function<List<String>, ExecResult> exec = cmd -> new ExecResult(0, "");
    boolean listening;

    ScriptedRuntime() {
      super(Clock.systemUTC());
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
      return exec.apply(command);
    }

    @Override
    public boolean tcpListening(Sandbox sandbox, int port) {
      return listening;
    }
  }

  ScriptedRuntime runtime = new ScriptedRuntime();
  Prober prober = new Prober(runtime);

  Prober.Outcome probe(Probe p) {
    return prober.probe(p, CONTAINER, "c1", SANDBOX);
  }

  @Test
  void execPassesOnExitZeroAndOtherwiseReportsTheCommandsOutput() {
    Probe cat = new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/ok").endExec().build();
    assertThat(probe(cat).ok()).isTrue();

    runtime.exec = cmd -> new ExecResult(1, "cat: can't open '/tmp/ok': No such file or directory\n");
    assertThat(probe(cat)).isEqualTo(new Prober.Outcome(false, "cat: can't open '/tmp/ok': No such file or directory"));

    runtime.exec = cmd -> {
      throw new RuntimeError("command timed out: \"cat /tmp/ok\" timed out after 4s", 0);
    };
    assertThatThrownBy(() -> probe(cat)).hasMessage("command timed out: \"cat /tmp/ok\" timed out after 4s");
  }

  @Test
  void tcpSocketReadsThePodsSocketsAndResolvesNamedPorts() {
    Probe tcp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("web")).endTcpSocket().build();
    assertThat(probe(tcp)).isEqualTo(new Prober.Outcome(false, "dial tcp 127.0.0.1:8080: connect: connection refused"));
    runtime.listening = true;
    assertThat(probe(tcp).ok()).isTrue();

    Probe unnamed = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("metrics")).endTcpSocket().build();
    assertThatThrownBy(() -> probe(unnamed)).hasMessage("no port named \"metrics\" in container app");
  }

  @Test
  void httpGetPassesOn2xxAnd3xxAndSaysWhatWentWrongOtherwise() throws Exception {
    for (var c : List.of(new Object[] {"HTTP/1.0 200 OK", true}, new Object[] {"HTTP/1.1 302 Found", true},
        new Object[] {"HTTP/1.0 500 Internal Server Error", false})) {
      try (ServerSocket server = answering(c[0] + "\r\n\r\n")) {
        Prober.Outcome out = Prober.httpGet("127.0.0.1", server.getLocalPort(), "/healthz", Duration.ofSeconds(2));
        assertThat(out.ok()).as((String) c[0]).isEqualTo(c[1]);
        if (!out.ok()) assertThat(out.output()).isEqualTo("HTTP probe failed with statuscode: 500");
      }
    }
    try (ServerSocket server = answering("SSH-2.0-OpenSSH\r\n")) {
      int port = server.getLocalPort();
      assertThat(Prober.httpGet("127.0.0.1", port, "/", Duration.ofSeconds(2)).output())
          .isEqualTo("Get \"http://127.0.0.1:" + port + "/\": malformed HTTP response \"SSH-2.0-OpenSSH\"");
    }
  }

  @Test
  void httpGetToAClosedPortIsConnectionRefused() throws IOException {
    try (Socket closed = boundNotListening()) {
      int port = closed.getLocalPort();
      assertThat(Prober.httpGet("127.0.0.1", port, "/ready", Duration.ofSeconds(2)).output())
          .isEqualTo("Get \"http://127.0.0.1:" + port + "/ready\": dial tcp 127.0.0.1:" + port + ": connect: connection refused");
    }
  }

  /**
   * A loopback port that refuses connections for as long as the socket is open. A port closed
   * again at once could be taken meanwhile by anything else on the machine, or even be the
   * probe's own source port (a TCP self-connect that succeeds).
   */
  static Socket boundNotListening() throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return s;
  }

  @Test
  void httpGetThatNeverAnswersTimesOutAsKubeletSays() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Prober.Outcome out = Prober.httpGet("127.0.0.1", silent.getLocalPort(), "/", Duration.ofSeconds(1));
      assertThat(out.ok()).isFalse();
      assertThat(out.output()).endsWith("context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    }
  }

  /** A loopback server that answers one connection with {@code reply} once the request has arrived. */
  static ServerSocket answering(String reply) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        s.getInputStream().read(new byte[4096]);
        OutputStream out = s.getOutputStream();
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // the probe's assertion then fails with it in the log
      }
    });
    t.setDaemon(true);
    t.start();
    return server;
  }
}
