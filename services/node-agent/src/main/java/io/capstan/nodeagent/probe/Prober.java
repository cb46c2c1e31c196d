package io.capstan.nodeagent.probe;

import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.Sandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One attempt of a probe's handler (exec, tcpSocket, httpGet or grpc) and, when it fails, the output
 * kubelet puts after "Liveness probe failed: " in its Unhealthy event: the command's output, the
 * HTTP status, or Go's dial error. A handler that cannot run at all (the runtime refuses the exec,
 * a named port that does not exist) throws instead: kubelet calls that "errored".
 */
public final class Prober {

  /**
   * Added to an exec probe's timeoutSeconds: each exec is a conmon and a runc process, which on a
   * loaded host take longer than the default 1 s before the command even runs (seen here at load
   * 20 on two cores: healthy containers failed {@code cat} probes and were restarted).
   */
  static final Duration EXEC_OVERHEAD = Duration.ofSeconds(3);

  /** A probe attempt: passed, or failed with what kubelet reports. */
  public record Outcome(boolean ok, String output) {
    static final Outcome SUCCESS = new Outcome(true, "");

    static Outcome failure(String output) {
      return new Outcome(false, output);
    }
  }

  private final ContainerRuntime runtime;

  public Prober(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * @throws RuntimeException when the handler could not run (kubelet's "probe errored")
   */
  public Outcome probe(Probe probe, Container container, String containerId, Sandbox sandbox) {
    Duration timeout = Duration.ofSeconds(Math.max(1, probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds()));
    if (probe.getExec() != null) {
      var result = runtime.exec(containerId, probe.getExec().getCommand(), timeout.plus(EXEC_OVERHEAD));
      return result.exitCode() == 0 ? Outcome.SUCCESS : Outcome.failure(result.output().stripTrailing());
    }
    if (probe.getTcpSocket() != null) {
      int port = port(probe.getTcpSocket().getPort(), container);
      // Read from the pod's own socket table: on these hosts a connect can succeed where nothing listens.
      return runtime.tcpListening(sandbox, port) ? Outcome.SUCCESS
          : Outcome.failure("dial tcp " + sandbox.ip() + ":" + port + ": connect: connection refused");
    }
    if (probe.getHttpGet() != null) {
      var h = probe.getHttpGet();
      String host = h.getHost() == null || h.getHost().isEmpty() ? sandbox.ip() : h.getHost();
      return httpGet(host, port(h.getPort(), container), h.getPath() == null ? "/" : h.getPath(), timeout);
    }
    if (probe.getGrpc() != null) {
      var g = probe.getGrpc();
      return GrpcHealthCheck.check(sandbox.ip(), g.getPort(), g.getService() == null ? "" : g.getService(), timeout);
    }
    throw new IllegalStateException("probe without a handler");
  }

  static int port(IntOrString p, Container container) {
    if (p.getIntVal() != null) return p.getIntVal();
    if (container.getPorts() != null) {
      for (ContainerPort cp : container.getPorts()) if (p.getStrVal().equals(cp.getName())) return cp.getContainerPort();
    }
    throw new IllegalStateException("no port named \"" + p.getStrVal() + "\" in container " + container.getName());
  }

  /**
   * One HTTP/1.0 GET; 200–399 is success. The status line must be read: on these hosts a connect
   * can succeed where nothing listens. Failures read as Go's HTTP client words them in kubelet.
   */
  static Outcome httpGet(String host, int port, String path, Duration timeout) {
    String address = host + ":" + port;
    String get = "Get \"http://" + address + path + "\": ";
    try (Socket s = new Socket()) {
      try {
        s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      } catch (ConnectException e) {
        return Outcome.failure(get + "dial tcp " + address + ": connect: connection refused");
      } catch (SocketTimeoutException e) {
        return Outcome.failure(get + "dial tcp " + address + ": i/o timeout");
      }
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\nHost: " + address + "\r\nUser-Agent: capstan-probe\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = statusLine(s.getInputStream());
      String[] parts = line.split(" ");
      if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
        return Outcome.failure(get + (line.isEmpty() ? "EOF" : "malformed HTTP response \"" + line + "\""));
      }
      int code = Integer.parseInt(parts[1]);
      return code >= 200 && code < 400 ? Outcome.SUCCESS : Outcome.failure("HTTP probe failed with statuscode: " + code);
    } catch (SocketTimeoutException e) {
      return Outcome.failure(get + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    } catch (IOException e) {
      return Outcome.failure(get + e.getMessage());
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1 && b != '\n' && line.length() < 1024) line.append((char) b);
    return line.toString().trim();
  }
}
