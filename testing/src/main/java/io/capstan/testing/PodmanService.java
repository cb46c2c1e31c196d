package io.capstan.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Podman REST service of the test's own: its own storage ({@code --root}, {@code --runroot}),
 * network configs and socket under {@code target/}, configured by the project's
 * {@code config/podman/containers.conf}. {@link #close()} removes every pod it holds and stops
 * the service (by its PID); the storage (with its images) stays under target/ for the next run.
 */
public final class PodmanService implements AutoCloseable {

  private static PodmanService shared;

  /**
   * Runs the service under a shell that stops it when our end of its stdin closes — when
   * {@link #close()} closes it, and also when this JVM dies without running its shutdown hooks
   * (Surefire kills a fork that exits slowly), which left a service running after CI once.
   */
  private static final List<String> WATCHDOG = List.of("sh", "-c",
      "exec 3<&0; \"$@\" </dev/null & p=$!; cat <&3 >/dev/null & c=$!;"
          + " trap 'kill $p $c; wait $p; exit 0' TERM; wait $c; kill $p; wait $p", "podman-service");

  private final Path state;
  private final Path socket;
  private final List<String> base;
  private final Process process;

  private PodmanService(Path state) throws IOException, InterruptedException {
    this.state = state;
    Files.createDirectories(state.resolve("tmp"));
    this.socket = state.resolve("podman.sock");
    Files.deleteIfExists(socket);
    Path conf = ApiServerProcess.repositoryRoot().resolve("config/podman/containers.conf");
    // Podman refuses a runroot longer than 50 characters: a short one per state directory.
    Path runroot = Path.of("/run", "capstan-podman-" + Integer.toHexString(state.toString().hashCode()));
    this.base = List.of("podman", "--root", state.resolve("root").toString(), "--runroot", runroot.toString(),
        "--tmpdir", state.resolve("tmp").toString(), "--network-config-dir", state.resolve("netconf").toString());
    List<String> cmd = new ArrayList<>(WATCHDOG);
    cmd.addAll(base);
    cmd.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(state.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("service.log").toFile()));
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    this.process = pb.start();
    ChildProcess.awaitReady(process, "podman system service", Duration.ofSeconds(30), Duration.ofMillis(100),
        state.resolve("service.log"), this::ping, this::close);
  }

  /** The suite's Podman service, stopped (and emptied of pods) when the JVM exits. */
  public static synchronized PodmanService shared() {
    if (shared == null) {
      try {
        shared = new PodmanService(Path.of("target").toAbsolutePath().resolve("podman"));
      } catch (IOException e) {
        throw new IllegalStateException("cannot start podman: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted starting podman", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "podman-stop"));
    }
    return shared;
  }

  public Path socket() {
    return socket;
  }

  public Path stateDir() {
    return state;
  }

  /** Runs the podman CLI against this service's storage (e.g. {@code ps -a} to check for leftovers). */
  public String podman(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(base);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CONTAINERS_CONF", ApiServerProcess.repositoryRoot().resolve("config/podman/containers.conf").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("podman " + List.of(args) + ": " + out);
    return out;
  }

  private boolean ping() throws IOException {
    if (!Files.exists(socket)) return false;
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(256);
      ch.read(buf);
      return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).contains(" 200 ");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (!process.isAlive()) return;
    try {
      podman("pod", "rm", "--all", "--force", "--time", "0");
      podman("rm", "--all", "--force", "--time", "0");
    } catch (IOException e) {
      System.err.println("podman cleanup failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) ChildProcess.stop(process, Duration.ofSeconds(10));
    } catch (IOException e) {
      System.err.println("podman service: closing its stdin failed, stopping it by signal: " + e.getMessage());
      ChildProcess.stop(process, Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ChildProcess.stop(process, Duration.ofSeconds(10));
    }
    unmountStorage();
  }

  /**
   * Podman's overlay driver mounts its storage directory on itself and leaves it mounted when the
   * service stops, after which nothing can delete target/ ({@code mvn clean}: "Device or resource busy").
   */
  private void unmountStorage() {
    Path overlay = state.resolve("root").resolve("overlay");
    try {
      if (!Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + overlay + " ")) return;
      Process p = new ProcessBuilder("umount", overlay.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) System.err.println("umount " + overlay + ": " + out);
    } catch (IOException e) {
      System.err.println("umount " + overlay + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
