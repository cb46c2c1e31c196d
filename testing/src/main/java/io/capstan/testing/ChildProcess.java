package io.capstan.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What every fixture process shares: free ports, the readiness wait, a bounded stop, cleanup. */
public final class ChildProcess {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST_PORT = 10_000;
  private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

  private ChildProcess() {}

  /** One readiness check; an IOException means "not yet". */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws IOException;
  }

  /**
   * A port nothing listens on, for a child process to bind once it has started, seconds later. It
   * is not one the kernel hands out meanwhile: it lies below the ephemeral range, from which both
   * {@code bind(0)} and the source ports of outgoing connections (this JVM's Kafka and etcd
   * clients make many) are taken; and this JVM never hands it out twice.
   */
  public static int freePort() throws IOException {
    int below = ephemeralRangeStart();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, below);
      if (handedOut.add(port) && bindable(port)) return port;
    }
    throw new IOException("no free port in " + LOWEST_PORT + "-" + (below - 1) + " after 200 tries");
  }

  private static int ephemeralRangeStart() throws IOException {
    // Not Files.readString: on JDK 17 it returns only the first byte of this /proc file.
    int start = Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
    if (start - LOWEST_PORT < 1_000) {
      throw new IOException("the ephemeral port range starts at " + start + ": too little room below it for test ports");
    }
    return start;
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException inUse) {
      return false;
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
