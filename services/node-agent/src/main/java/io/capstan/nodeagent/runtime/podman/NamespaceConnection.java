package io.capstan.nodeagent.runtime.podman;

import io.capstan.nodeagent.runtime.PodConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A connection to localhost inside a pod's network namespace, as the kubelet's port-forward makes
 * it through the CRI: {@code nsenter} enters the namespace of the sandbox's infra process and
 * busybox's {@code nc} connects to 127.0.0.1; its standard input and output are the connection
 * (nc half-closes the socket when its input ends, and reads on). Java cannot enter a namespace
 * itself; dockershim ran socat the same way.
 */
final class NamespaceConnection implements PodConnection {
  private final Process process;
  private final int port;
  private final String sandboxId;

  private NamespaceConnection(Process process, int port, String sandboxId) {
    this.process = process;
    this.port = port;
    this.sandboxId = sandboxId;
  }

  static NamespaceConnection open(Path busybox, int infraPid, int port, String sandboxId) throws IOException {
    Process p = new ProcessBuilder("nsenter", "-t", Integer.toString(infraPid), "-n", "--", busybox.toString(), "nc",
        "127.0.0.1", Integer.toString(port)).start();
    return new NamespaceConnection(p, port, sandboxId);
  }

  @Override
  public InputStream input() {
    return process.getInputStream();
  }

  @Override
  public OutputStream output() {
    return process.getOutputStream();
  }

  @Override
  public void shutdownOutput() throws IOException {
    process.getOutputStream().close();
  }

  @Override
  public String failure() {
    try {
      // Its output ended, so nc is exiting; a wedged one is not worth more than this.
      if (!process.waitFor(5, TimeUnit.SECONDS)) return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (process.exitValue() == 0) return null;
    String said;
    try (InputStream err = process.getErrorStream()) {
      said = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      said = "nc exited with " + process.exitValue() + " (" + e.getMessage() + ")";
    }
    return describe(said, port, sandboxId);
  }

  /** containerd's message for a port nothing listens on, from what busybox nc printed. */
  static String describe(String ncError, int port, String sandboxId) {
    String reason = ncError.endsWith("Connection refused") ? "dial tcp4 127.0.0.1:" + port + ": connect: connection refused"
        : ncError.isEmpty() ? "connection to 127.0.0.1:" + port + " failed" : ncError;
    return "failed to connect to localhost:" + port + " inside namespace \"" + sandboxId + "\", IPv4: " + reason;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
