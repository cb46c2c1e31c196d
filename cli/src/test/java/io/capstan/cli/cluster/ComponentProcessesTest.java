package io.capstan.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.cli.Workspace;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses `tail -f` as a stand-in component: cheap, long-lived, and it dies on SIGTERM. */
class ComponentProcessesTest {

  @TempDir Path home;

  @Test
  void startWritesPidFileAndLogAndStopRemovesThem() throws Exception {
    Workspace workspace = new Workspace(home);
    ComponentProcesses processes = new ComponentProcesses(workspace);
    Path followed = Files.writeString(home.resolve("followed.txt"), "hello from the component\n");
    Component tail =
        new Component(
            "tail",
            List.of("tail", "-f", followed.toString()),
            URI.create("http://127.0.0.1:1/"),
            List.of(),
            Duration.ofSeconds(1));

    long pid = processes.start(tail);
    try {
      assertStartedAndStops(workspace, processes, tail, pid);
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static void assertStartedAndStops(
      Workspace workspace, ComponentProcesses processes, Component tail, long pid)
      throws Exception {

    assertThat(Files.readString(workspace.pidFile("tail")).trim()).isEqualTo(Long.toString(pid));
    // start() returns once the child is forked; setsid execs tail a moment later, and only then
    // does the process's command line name the home that running() checks for.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processes.running(tail)).hasValue(pid));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Files.readString(workspace.logFile("tail")))
                    .contains("capstan: starting tail")
                    .contains("hello from the component"));
    // setsid exec'd in place: the PID in the file is the component itself, not a wrapper.
    assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command()))
        .hasValueSatisfying(command -> assertThat(command).endsWith("tail"));

    assertThat(processes.stop(tail, Duration.ofSeconds(10)))
        .isEqualTo(ComponentProcesses.StopOutcome.STOPPED);
    assertThat(processes.running(tail)).isEmpty();
    assertThat(workspace.pidFile("tail")).doesNotExist();
  }

  @Test
  void neverSignalsAProcessThatDoesNotMentionTheHome() throws Exception {
    Workspace workspace = new Workspace(home);
    ComponentProcesses processes = new ComponentProcesses(workspace);
    Process stranger = new ProcessBuilder("tail", "-f", "/dev/null").start();
    try {
      Files.createDirectories(workspace.run());
      Files.writeString(workspace.pidFile("stranger"), stranger.pid() + "\n");

      assertThat(processes.stop("stranger", Duration.ofSeconds(1)))
          .isEqualTo(ComponentProcesses.StopOutcome.NOT_RUNNING);
      assertThat(stranger.isAlive()).isTrue();
      assertThat(workspace.pidFile("stranger")).as("stale PID file removed").doesNotExist();
    } finally {
      stranger.destroy();
    }
  }
}
