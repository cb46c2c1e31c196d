package io.capstan.nodeagent.runtime.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.nodeagent.logs.CriLogReader;
import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.PodConnection;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The libpod runtime against a real Podman service (own storage, socket and network under target/). */
class PodmanRuntimeTest {
  /** How long to wait for Podman, which a loaded two-core CI machine can make slow. */
  static final Duration WAIT = Duration.ofSeconds(30);

  static PodmanRuntime podman;

  @BeforeAll
  static void start() throws Exception {
    podman = TestPodman.runtime("runtime-test");
  }

  @AfterAll
  static void stop() {
    for (Sandbox sb : podman.listSandboxes()) podman.removeSandbox(sb.id());
    podman.removeNetwork();
  }

  static Sandbox sandbox(String uid) {
    return podman.runSandbox(new SandboxSpec("rt_" + uid.substring(0, 8), "web",
        Map.of(Labels.POD_UID, uid, Labels.POD_NAME, "web", Labels.POD_NAMESPACE, "default"), List.of(), List.of(), List.of()));
  }

  static ContainerSpec spec(String uid, String name, List<String> cmd) {
    return new ContainerSpec("rt_" + uid.substring(0, 8) + "_" + name + "_0", BusyboxImage.REFERENCE, null, cmd,
        Map.of("GREETING", "hi"), null, Map.of(Labels.POD_UID, uid, Labels.CONTAINER_NAME, name, Labels.ATTEMPT, "0"),
        List.of(), 64L << 20, 50_000, 100_000, 512, null, 2, false, false);
  }

  @Test
  void twoContainersOfAPodTalkOverLocalhostAndShareTheSandboxIp() {
    String uid = UUID.randomUUID().toString();
    Sandbox sb = sandbox(uid);
    assertThat(sb.ready()).isTrue();
    assertThat(podman.sandboxOf(uid)).as("found by its pod's uid, IP and PID as inspected").contains(sb);
    assertThat(podman.listSandboxes()).contains(sb);
    assertThat(podman.sandboxOf(UUID.randomUUID().toString())).isEmpty();
    assertThat(sb.ip()).startsWith(podman.network().subnet().substring(0, podman.network().subnet().lastIndexOf('.')));
    String server = podman.createContainer(sb, spec(uid, "server",
        List.of("sh", "-c", "mkdir -p /www && echo $GREETING-from-server > /www/index.html && httpd -f -p 8080 -h /www")));
    podman.startContainer(server);
    await().atMost(WAIT).until(() -> podman.tcpListening(sb, 8080));
    String client = podman.createContainer(sb, spec(uid, "client",
        List.of("sh", "-c", "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 8080")));
    podman.startContainer(client);
    await().atMost(WAIT).until(() -> state(uid, "client").state() == RuntimeContainer.State.EXITED);
    assertThat(state(uid, "client").exitCode()).isZero();
    assertThat(podman.logs(client, LogOptions.all())).contains("hi-from-server");
    assertThat(podman.exec(server, List.of("sh", "-c", "echo $GREETING; exit 3"), WAIT))
        .isEqualTo(new io.capstan.nodeagent.runtime.ContainerRuntime.ExecResult(3, "hi\n"));
    assertThat(podman.tcpListening(sb, 8081)).isFalse();

    long t0 = System.nanoTime();
    podman.stopContainer(server, WAIT);
    // init (catatonit) forwards SIGTERM, so httpd goes at once, not after the timeout: it exits
    // by SIGTERM (143), where a SIGKILL at the timeout would give 137.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT);
    assertThat(state(uid, "server").state()).isEqualTo(RuntimeContainer.State.EXITED);
    assertThat(state(uid, "server").exitCode()).isEqualTo(143);

    podman.removeSandbox(sb.id());
    assertThat(podman.listContainers(uid)).isEmpty();
    assertThat(podman.listSandboxes()).noneMatch(s -> uid.equals(s.podUid()));
  }

  @Test
  void aMissingBinaryExitsNonZeroAndAMissingImageIsReported() {
    String uid = UUID.randomUUID().toString();
    Sandbox sb = sandbox(uid);
    String bad = podman.createContainer(sb, spec(uid, "bad", List.of("/no/such/binary")));
    // catatonit (init) starts, then fails to exec the command: the container exits non-zero.
    podman.startContainer(bad);
    await().atMost(WAIT).until(() -> state(uid, "bad").state() == RuntimeContainer.State.EXITED);
    assertThat(state(uid, "bad").exitCode()).isNotZero();
    assertThatThrownBy(() -> podman.pullImage("localhost:1/none:latest", Duration.ofSeconds(20)))
        .isInstanceOf(RuntimeError.class);
    assertThat(podman.imageId("localhost/capstan/no-such-image:latest")).isEmpty();
    assertThat(podman.imageId(BusyboxImage.REFERENCE)).isPresent();
    podman.removeSandbox(sb.id());
  }

  @Test
  void logsComeFromTheCriFileWithOneNanosecondTimestampPerLineAndFollowingEndsWithTheContainer() throws Exception {
    String uid = UUID.randomUUID().toString();
    Sandbox sb = sandbox(uid);
    // A line in two writes: conmon records a partial piece, then the rest.
    String talker = startedShell(sb, uid, "talker",
        "printf a; sleep 0.3; printf 'b\\n'; sleep 0.3; echo err >&2; sleep 1; echo late");
    ByteArrayOutputStream followed = new ByteArrayOutputStream();
    CompletableFuture<Void> follow = CompletableFuture.runAsync(() -> {
      try {
        podman.streamLogs(talker, LogOptions.all(), true, followed);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    follow.get(20, TimeUnit.SECONDS);
    assertThat(state(uid, "talker").state()).isEqualTo(RuntimeContainer.State.EXITED);
    assertThat(followed.toString(StandardCharsets.UTF_8)).isEqualTo("ab\nerr\nlate\n");
    String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ";
    assertThat(podman.logs(talker, new LogOptions(null, true, null, null)))
        .matches(stamp + "ab\n" + stamp + "err\n" + stamp + "late\n");
    assertThat(podman.logs(talker, new LogOptions(1, false, null, null))).isEqualTo("late\n");
    podman.removeSandbox(sb.id());
  }

  @Test
  void conmonReopensTheLogAtItsPathWhenTheOldFileWasRenamedAway() throws Exception {
    String uid = UUID.randomUUID().toString();
    Sandbox sb = sandbox(uid);
    String counter = startedShell(sb, uid, "counter",
        "i=0; while true; do i=$((i+1)); echo line$i; sleep 0.1; done");
    Path log = podman.logFile(counter).orElseThrow();
    await().atMost(WAIT).until(() -> podman.logs(counter, LogOptions.all()).contains("line3\n"));
    Path rotated = Files.move(log, log.resolveSibling(log.getFileName() + ".20261126-101500"));

    podman.reopenContainerLog(counter);

    assertThat(log).exists();
    await().atMost(WAIT).until(() -> podman.logs(counter, LogOptions.all()).lines().count() >= 3);
    String before = plainText(rotated);
    String after = podman.logs(counter, LogOptions.all());
    int last = Integer.parseInt(before.lines().reduce((a, b) -> b).orElseThrow().substring("line".length()));
    assertThat(after).as("conmon writes on where it stopped, in the new file").startsWith("line" + (last + 1) + "\n");
    podman.stopContainer(counter, Duration.ZERO);
    assertThatThrownBy(() -> podman.reopenContainerLog(counter)).isInstanceOf(RuntimeError.class)
        .hasMessageContaining("is not running");
    podman.removeSandbox(sb.id());
  }

  @Test
  void portForwardConnectsInsideThePodsNetworkNamespaceToAServerOnItsLoopback() throws Exception {
    String uid = UUID.randomUUID().toString();
    Sandbox sb = sandbox(uid);
    String web = startedShell(sb, uid, "web",
        "mkdir -p /www && echo loopback-only > /www/index.html && exec httpd -f -p 127.0.0.1:8080 -h /www");
    Sandbox running = podman.sandboxOf(uid).orElseThrow();
    // httpd starts after the file is written: until then the connection is refused.
    String reply = await().atMost(WAIT).until(() -> get(running, 8080), r -> !r.isEmpty());
    assertThat(reply).startsWith("HTTP/1.1 200 OK").endsWith("loopback-only\n");
    assertThat(podman.tcpListening(running, 8080)).as("not at the pod's IP, where a tcpSocket probe dials").isFalse();
    try (PodConnection c = podman.connect(running, 9)) {
      assertThat(c.input().readAllBytes()).isEmpty();
      assertThat(c.failure()).isEqualTo("failed to connect to localhost:9 inside namespace \"" + running.id()
          + "\", IPv4: dial tcp4 127.0.0.1:9: connect: connection refused");
    }
    podman.removeSandbox(sb.id());
  }

  /** The plain text of a CRI log file that is no longer the container's log path. */
  static String plainText(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CriLogReader(file, LogOptions.all()).copyTo(out, false, () -> false);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** An HTTP/1.0 GET of / through {@link PodmanRuntime#connect}; empty if the connection failed. */
  static String get(Sandbox sandbox, int port) throws IOException {
    try (PodConnection c = podman.connect(sandbox, port)) {
      c.output().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      c.output().flush();
      // The request's end goes through to the server as a half-close; its answer still comes back.
      c.shutdownOutput();
      String reply = new String(c.input().readAllBytes(), StandardCharsets.UTF_8);
      return c.failure() == null ? reply : "";
    }
  }

  /** A container of the pod running {@code sh -c script}, started. */
  static String startedShell(Sandbox sb, String uid, String name, String script) {
    String id = podman.createContainer(sb, spec(uid, name, List.of("sh", "-c", script)));
    podman.startContainer(id);
    return id;
  }

  static RuntimeContainer state(String uid, String name) {
    return podman.listContainers(uid).stream().filter(c -> name.equals(c.containerName())).findFirst().orElseThrow();
  }
}
