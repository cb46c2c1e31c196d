package io.capstan.nodeagent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the node agent needs from a container engine, in the shape of the CRI: a sandbox per pod
 * (holding the network namespace) and containers inside it. Every object the runtime creates
 * carries the labels of {@link Labels}, so a restarted agent finds (adopts) what it created.
 * Implementations must be thread-safe; calls on distinct pods may run concurrently.
 */
public interface ContainerRuntime extends AutoCloseable {

  /** e.g. {@code podman}; used in {@code containerID} ({@code podman://<id>}) and nodeInfo. */
  String name();

  String version();

  /** Creates what the runtime needs before the first pod (the pod network). Idempotent. */
  void prepare();

  /** Creates the pod's sandbox and starts it so it has its IP. */
  Sandbox runSandbox(SandboxSpec spec);

  /** Every sandbox this node's agent created (by label), ready or not. */
  List<Sandbox> listSandboxes();

  /**
   * The sandbox of one pod, ready or not. Every pod sync asks this, so runtimes answer it without
   * looking at every other sandbox.
   */
  default Optional<Sandbox> sandboxOf(String podUid) {
    return listSandboxes().stream().filter(s -> podUid.equals(s.podUid())).findFirst();
  }

  /** Force-removes a sandbox and every container in it; a missing one is not an error. */
  void removeSandbox(String sandboxId);

  /** @return the container id */
  String createContainer(Sandbox sandbox, ContainerSpec spec);

  /** Starts a created container; a failure (bad command) is a {@link RuntimeError}. */
  void startContainer(String containerId);

  /**
   * Sends the stop signal and kills after {@code grace}; returns when the container has exited.
   * Stopping a stopped container is not an error.
   */
  void stopContainer(String containerId, Duration grace);

  void removeContainer(String containerId);

  /** Application and init containers (never the sandbox's infra) of one pod, or all if null. */
  List<RuntimeContainer> listContainers(String podUid);

  /** Runs a command in a running container and waits up to {@code timeout}. */
  ExecResult exec(String containerId, List<String> command, Duration timeout);

  /**
   * Starts {@code command} in a running container with its streams connected (kubectl exec).
   * A container that is not running, or a runtime without processes, is a {@link RuntimeError}.
   */
  default ProcessStreams execStreaming(String containerId, List<String> command, ProcessStreams.Options options) {
    throw new RuntimeError(name() + " runtime containers run no processes to exec into", 0);
  }

  /** Connects to the streams of a running container's main process (kubectl attach). */
  default ProcessStreams attach(String containerId, ProcessStreams.Options options) {
    throw new RuntimeError(name() + " runtime containers run no processes to attach to", 0);
  }

  /** Usage samples of the given running containers (missing ones are left out). */
  default List<ContainerStats> stats(List<String> containerIds) {
    return List.of();
  }

  /**
   * Whether the kernel's OOM killer killed a process of this container; its terminated state
   * then reads {@code OOMKilled} rather than {@code Error}.
   */
  default boolean oomKilled(String containerId) {
    return false;
  }

  /** The image's id if it is present locally. */
  Optional<String> imageId(String image);

  /** Pulls an image; a failure (no registry) is a {@link RuntimeError}. */
  void pullImage(String image, Duration timeout);

  /** The container's stdout and stderr, interleaved as written. */
  String logs(String containerId, LogOptions options);

  /**
   * Writes the container's log to {@code out} as it is read, flushing as it goes; with
   * {@code follow}, until the container exits or writing fails (the reader went away).
   */
  default void streamLogs(String containerId, LogOptions options, boolean follow, OutputStream out)
      throws IOException {
    out.write(logs(containerId, options).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * The file the container's log is written to, which the agent rotates (the CRI's {@code
   * ContainerStatus.logPath}); empty for a runtime that keeps no log file.
   */
  default Optional<Path> logFile(String containerId) {
    return Optional.empty();
  }

  /**
   * Makes the runtime write the container's log to a new file at {@link #logFile}, after the agent
   * renamed the old one away (the CRI's {@code ReopenContainerLog}); returns once the new file is
   * there. A container that is not running is a {@link RuntimeError}.
   */
  default void reopenContainerLog(String containerId) {
    throw new RuntimeError(name() + " runtime containers keep no log file to reopen", 0);
  }

  /**
   * Connects to TCP {@code port} of the pod, for port-forwarding. The kubelet (through the CRI)
   * connects to localhost inside the pod's network namespace, so a server bound to the pod's
   * loopback only is reached; this default connects to the pod's IP, which runtimes that can enter
   * the namespace improve on.
   */
  default PodConnection connect(Sandbox sandbox, int port) throws IOException {
    return SocketConnection.open(new InetSocketAddress(sandbox.ip(), port), Duration.ofSeconds(5));
  }

  /**
   * Whether something in the sandbox's network namespace listens on TCP {@code port} where a
   * connection to the pod's IP reaches it (the kubelet's tcpSocket probe dials the pod's IP, so a
   * server on the pod's loopback only does not count).
   */
  boolean tcpListening(Sandbox sandbox, int port);

  @Override
  default void close() {}

  /**
   * What part of a log to read, as the kubelet's {@code PodLogOptions} after defaulting.
   *
   * @param tailLines the last this many lines of the log, or all if null
   * @param timestamps whether each line starts with the time it was written (RFC 3339, nanoseconds, UTC)
   * @param since leave out what was written before this instant, if not null
   * @param limitBytes stop after this many bytes, if not null
   */
  record LogOptions(Integer tailLines, boolean timestamps, Instant since, Long limitBytes) {
    public static LogOptions all() {
      return new LogOptions(null, false, null, null);
    }
  }

  record ExecResult(int exitCode, String output) {}
}
