package io.capstan.cli.cluster;

import io.capstan.cli.Workspace;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Starts and stops component processes, remembering each by a PID file.
 *
 * <p>Safety rule: a PID is acted on only if it comes from our PID file <em>and</em> the live process
 * with that PID mentions the Capstan home in its command line. A stale PID file (reboot, PID reuse)
 * therefore never leads to signalling someone else's process.
 */
public final class ComponentProcesses {

  private static final Duration POLL = Duration.ofMillis(100);

  private final Workspace workspace;

  public ComponentProcesses(Workspace workspace) {
    this.workspace = workspace;
  }

  /** The PID of the component's live process, if it is running. */
  public OptionalLong running(Component component) {
    OptionalLong pid = readPid(component.name());
    if (pid.isPresent() && isOurs(pid.getAsLong())) {
      return pid;
    }
    return OptionalLong.empty();
  }

  /**
   * Starts the component detached from this JVM: in its own session ({@code setsid}, so a terminal
   * hang-up or Ctrl-C of the CLI does not reach it), stdin from /dev/null, stdout and stderr
   * appended to its log file. Writes the PID file and returns the PID.
   */
  public long start(Component component) throws IOException {
    Files.createDirectories(workspace.run());
    Files.createDirectories(workspace.logs());
    Path log = workspace.logFile(component.name());
    Files.writeString(
        log,
        "==== capstan: starting " + component.name() + " at " + Instant.now() + ": "
            + String.join(" ", component.command()) + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    List<String> command = new ArrayList<>();
    // The child of a JVM is not a process group leader, so setsid execs in place (no fork) and
    // the PID we get is the component's own.
    setsid().ifPresent(command::add);
    command.addAll(component.command());
    Process process =
        new ProcessBuilder(command)
            .directory(workspace.home().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true)
            .start();
    long pid = process.pid();
    Files.writeString(workspace.pidFile(component.name()), pid + System.lineSeparator());
    return pid;
  }

  /** Whether the process we started is still alive (for failing fast while waiting on health). */
  /**
   * Whether a process this CLI just started is still running. No command-line check here: while
   * setsid execs the component, /proc/PID/cmdline can briefly read empty, which is not an exit.
   */
  public boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
  }

  /** What {@link #stop} did, for the user. */
  public enum StopOutcome {
    NOT_RUNNING,
    STOPPED,
    KILLED,
    STILL_RUNNING
  }

  /**
   * SIGTERM, up to {@code grace} for the process to exit, then SIGKILL. Removes the PID file unless
   * the process survived even SIGKILL.
   */
  public StopOutcome stop(Component component, Duration grace) throws IOException {
    return stop(component.name(), grace);
  }

  StopOutcome stop(String name, Duration grace) throws IOException {
    OptionalLong pidFromFile = readPid(name);
    if (pidFromFile.isEmpty() || !isOurs(pidFromFile.getAsLong())) {
      Files.deleteIfExists(workspace.pidFile(name));
      return StopOutcome.NOT_RUNNING;
    }
    long pid = pidFromFile.getAsLong();
    ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
    handle.destroy();
    StopOutcome outcome = StopOutcome.STOPPED;
    if (!awaitExit(pid, grace)) {
      handle.destroyForcibly();
      outcome = awaitExit(pid, Duration.ofSeconds(5)) ? StopOutcome.KILLED : StopOutcome.STILL_RUNNING;
    }
    if (outcome != StopOutcome.STILL_RUNNING) {
      Files.deleteIfExists(workspace.pidFile(name));
    }
    return outcome;
  }

  private boolean awaitExit(long pid, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (isOurs(pid)) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !isOurs(pid);
      }
    }
    return true;
  }

  OptionalLong readPid(String name) {
    Path file = workspace.pidFile(name);
    try {
      String text = Files.readString(file).trim();
      return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Alive (a zombie is not: its parent may never reap it) and started by Capstan for this home:
   * every component command holds an absolute path under the home (its jar or its data dir).
   */
  boolean isOurs(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive() || isZombie(pid)) {
      return false;
    }
    return commandLine(pid).contains(workspace.home().toString() + File.separator);
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Format: "pid (comm) S ...": the state follows the last ')' (comm may hold parentheses).
      String afterComm = stat.substring(stat.lastIndexOf(')') + 1).trim();
      return afterComm.startsWith("Z") || afterComm.startsWith("X");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
    }
  }

  private static Optional<String> setsid() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "setsid");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
