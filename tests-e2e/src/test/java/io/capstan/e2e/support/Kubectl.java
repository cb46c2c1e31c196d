package io.capstan.e2e.support;

import io.capstan.testing.ApiServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real, unmodified kubectl run as a subprocess against the suite's cluster. Each instance has
 * its own HOME, so its discovery cache ({@code ~/.kube/cache}) is not shared with other test
 * classes. Every call is bounded: kubectl gets {@code --request-timeout} (unless the caller passes
 * one) and the process is killed if it outlives {@link #PROCESS_TIMEOUT}.
 */
public final class Kubectl {

  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
  private static final String REQUEST_TIMEOUT = "--request-timeout=20s";

  private final Path kubeconfig;
  private final Path home;
  private final AtomicInteger files = new AtomicInteger();

  public Kubectl(ApiServerProcess api, Path home) {
    this.kubeconfig = api.kubeconfig();
    this.home = home;
  }

  /** Runs {@code kubectl args...} to completion. */
  public KubectlResult run(String... args) {
    Running running = start(args);
    return running.await(PROCESS_TIMEOUT);
  }

  /** Starts {@code kubectl args...} without waiting; for commands that stream, like {@code get -w}. */
  public Running start(String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.addAll(Arrays.asList(args));
    if (command.stream().noneMatch(a -> a.startsWith("--request-timeout"))) command.add(REQUEST_TIMEOUT);
    int n = files.incrementAndGet();
    try {
      Path out = Files.createDirectories(home.resolve("out")).resolve(n + ".stdout");
      Path err = home.resolve("out").resolve(n + ".stderr");
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(home.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      pb.environment().put("HOME", home.toString());
      return new Running(command, pb.start(), out, err);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    }
  }

  /** Writes {@code yaml} to a fresh file under this kubectl's home and returns its path. */
  public Path manifest(String yaml) {
    try {
      Path dir = Files.createDirectories(home.resolve("manifests"));
      return Files.writeString(dir.resolve("m" + files.incrementAndGet() + ".yaml"), yaml);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a manifest", e);
    }
  }

  /**
   * Creates a namespace named {@code prefix-<random>} with {@code kubectl create -f} (not {@code
   * create ns}, which sends a protobuf body) and returns its name.
   */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
    Path file = manifest("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
        """.formatted(name));
    run("create", "-f", file.toString()).requireSuccess();
    return name;
  }

  /** A kubectl process that is still running (or has just finished); closing it kills it if alive. */
  public static final class Running implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;

    Running(List<String> command, Process process, Path out, Path err) {
      this.command = command;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** What kubectl has written to stdout so far. */
    public String stdoutSoFar() {
      return read(out);
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Waits for kubectl to exit; kills it and fails if it takes longer than {@code timeout}. */
    public KubectlResult await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
              + "\nstdout:\n" + read(out) + "\nstderr:\n" + read(err));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IllegalStateException("interrupted waiting for kubectl", e);
      }
      return new KubectlResult(command, process.exitValue(), read(out), read(err));
    }

    @Override
    public void close() {
      if (process.isAlive()) process.destroyForcibly();
    }

    private static String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file) : "";
      } catch (IOException e) {
        throw new IllegalStateException("cannot read kubectl output " + file, e);
      }
    }
  }
}
