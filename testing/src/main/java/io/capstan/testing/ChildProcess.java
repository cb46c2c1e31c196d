package io.capstan.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What every fixture process shares: free ports, the readiness wait, a bounded stop, cleanup. */
public final class ChildProcess {
  private ChildProcess() {}

  /** One readiness check; an IOException means "not yet". */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws IOException;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /**
   * Polls {@code probe} until it passes; fails with the log's tail when the process exits or the
   * timeout passes (then {@code onTimeout} runs first, to stop the process).
   */
  public static void awaitReady(Process process, String what, Duration timeout, Duration poll, Path log,
      Probe probe, Runnable onTimeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) throw new IOException(what + " exited:\n" + tail(log));
      try {
        if (probe.ready()) return;
      } catch (IOException notYet) {
        // Still starting; the deadline bounds the wait.
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + what, e);
      }
    }
    onTimeout.run();
    throw new IOException(what + " not ready within " + timeout + ":\n" + tail(log));
  }

  /** SIGTERM, up to {@code grace} to exit, then SIGKILL. */
  public static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes a fixture's data directory; a failure is reported, not fatal (the dir is under target/). */
  public static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e);
    }
  }

  /** Removes a leftover data directory from an earlier run, if there is one. */
  public static void deleteTreeIfExists(Path dir) {
    if (Files.exists(dir)) deleteTree(dir);
  }

  /** The last 40 lines of a log, for failure messages. */
  public static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
