package io.capstan.nodeagent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogManagerTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:15:00Z");

  @TempDir
  Path dir;

  private LogRuntime runtime;
  private Path log;

  /** Containers with log files under the test's directory; reopening creates the file, as conmon does. */
  private static final class LogRuntime extends SimulatedRuntime {
    final List<RuntimeContainer> listed = new ArrayList<>();
    final Map<String, Path> files = new ConcurrentHashMap<>();
    final List<String> reopened = new ArrayList<>();
    int logFileCalls;
    RuntimeError reopenFailure;

    LogRuntime() {
      super(Clock.systemUTC());
    }

    @Override
    public synchronized List<RuntimeContainer> listContainers(String podUid) {
      return List.copyOf(listed);
    }

    @Override
    public Optional<Path> logFile(String containerId) {
      logFileCalls++;
      return Optional.ofNullable(files.get(containerId));
    }

    @Override
    public void reopenContainerLog(String containerId) {
      reopened.add(containerId);
      if (reopenFailure != null) throw reopenFailure;
      try {
        Files.createFile(files.get(containerId));
      } catch (IOException e) {
        throw new RuntimeError("create " + files.get(containerId), e);
      }
    }
  }

  private static RuntimeContainer container(String id, RuntimeContainer.State state) {
    return new RuntimeContainer(id, "k8s_c_" + id, Map.of(), state, 0, null, null, "img", "sha256:1");
  }

  @BeforeEach
  void setUp() throws IOException {
    runtime = new LogRuntime();
    log = Files.createDirectories(dir.resolve("c1")).resolve("ctr.log");
    runtime.files.put("c1", log);
    runtime.listed.add(container("c1", RuntimeContainer.State.RUNNING));
  }

  private ContainerLogManager manager(long maxSize, int maxFiles, Instant now) {
    return new ContainerLogManager(runtime, new ContainerLogManager.Policy(maxSize, maxFiles), Clock.fixed(now, ZoneOffset.UTC));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(log.getParent())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String gunzip(Path p) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aLogBelowItsLimitIsLeftAlone() throws IOException {
    Files.writeString(log, "x".repeat(99));
    manager(100, 5, T0).rotateLogs();
    assertThat(files()).containsExactly("ctr.log");
    assertThat(runtime.reopened).isEmpty();
  }

  @Test
  void aFullLogIsRenamedWithItsTimeAndTheRuntimeWritesANewOne() throws IOException {
    Files.writeString(log, "x".repeat(100));
    manager(100, 5, T0).rotateLogs();
    assertThat(files()).containsExactly("ctr.log", "ctr.log.20261126-101500");
    assertThat(log).isEmptyFile();
    assertThat(log.resolveSibling("ctr.log.20261126-101500")).hasContent("x".repeat(100));
    assertThat(runtime.reopened).containsExactly("c1");
  }

  @Test
  void olderRotatedFilesAreGzippedAndAtMostMaxFilesAreKept() throws IOException {
    Instant[] now = {T0};
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now[0];
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    ContainerLogManager manager = new ContainerLogManager(runtime, new ContainerLogManager.Policy(100, 3), clock);
    for (int round = 0; round < 4; round++) {
      Files.writeString(log, "round " + round + "\n".repeat(100));
      now[0] = T0.plus(Duration.ofMinutes(round));
      manager.rotateLogs();
    }
    // The live file, the newest rotated one as it is, one older one gzipped; rounds 0 and 1 are gone.
    assertThat(files()).containsExactly("ctr.log", "ctr.log.20261126-101700.gz", "ctr.log.20261126-101800");
    assertThat(gunzip(log.resolveSibling("ctr.log.20261126-101700.gz"))).startsWith("round 2");
    assertThat(log.resolveSibling("ctr.log.20261126-101800")).content().startsWith("round 3");
    assertThat(runtime.logFileCalls).as("the path is asked once per container").isEqualTo(1);
  }

  @Test
  void aFailedReopenPutsTheLogBackAndTheNextRoundTriesAgain() throws IOException {
    Files.writeString(log, "x".repeat(100));
    runtime.reopenFailure = new RuntimeError("conmon did not reopen the log", 0);
    manager(100, 5, T0).rotateLogs();
    assertThat(files()).containsExactly("ctr.log");
    assertThat(log).hasContent("x".repeat(100));

    runtime.reopenFailure = null;
    manager(100, 5, T0.plusSeconds(10)).rotateLogs();
    assertThat(files()).containsExactly("ctr.log", "ctr.log.20261126-101510");
    assertThat(runtime.reopened).containsExactly("c1", "c1");
  }

  @Test
  void aLogRenamedAwayButNotReopenedIsReopened() throws IOException {
    Files.writeString(log.resolveSibling("ctr.log.20261126-101500"), "old");
    manager(100, 5, T0.plusSeconds(10)).rotateLogs();
    assertThat(runtime.reopened).containsExactly("c1");
    assertThat(files()).containsExactly("ctr.log", "ctr.log.20261126-101500");
  }

  @Test
  void stoppedContainersAreLeftAloneAndAnInterruptedCompressionIsCleanedUp() throws IOException {
    Path stopped = Files.createDirectories(dir.resolve("c2")).resolve("ctr.log");
    Files.writeString(stopped, "y".repeat(500));
    runtime.files.put("c2", stopped);
    runtime.listed.add(container("c2", RuntimeContainer.State.EXITED));
    Files.writeString(log, "x".repeat(100));
    Files.writeString(log.resolveSibling("ctr.log.20261126-100000.gz.tmp"), "half an archive");
    Files.writeString(log.resolveSibling("ctr.log.20261126-100500"), "compressed but not deleted");
    Files.writeString(log.resolveSibling("ctr.log.20261126-100500.gz"), "the archive");

    manager(100, 5, T0).rotateLogs();

    assertThat(files()).containsExactly("ctr.log", "ctr.log.20261126-100500.gz", "ctr.log.20261126-101500");
    assertThat(stopped).hasContent("y".repeat(500));
    assertThat(runtime.reopened).containsExactly("c1");
  }

  @Test
  void aPolicyKeepsTheLiveFileAndOneRotatedAtLeast() {
    assertThat(ContainerLogManager.Policy.DEFAULT).isEqualTo(new ContainerLogManager.Policy(10L << 20, 5));
    assertThatThrownBy(() -> new ContainerLogManager.Policy(100, 1)).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new ContainerLogManager.Policy(0, 5)).hasMessageContaining("must be positive");
  }
}
