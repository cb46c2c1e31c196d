package io.capstan.e2e.support;

import io.capstan.testing.ApiServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The real, unmodified kubectl run as a subprocess against the suite's cluster. Each instance has
 * its own HOME, so its discovery cache ({@code ~/.kube/cache}) is not shared with other test
 * classes. Every call is bounded: kubectl gets {@code --request-timeout} (unless the caller passes
 * one) and the process is killed if it outlives {@link #PROCESS_TIMEOUT}.
 */
public final class Kubectl {

  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
  private static final String REQUEST_TIMEOUT = "--request-timeout=20s";

  /** The version name of the installed dispatcher in {@link #VERSIONS}. */
  public static final String INSTALLED = "installed";

  /**
   * The kubectl versions every write-path test runs with: {@link #INSTALLED} (the {@code kubectl}
   * on PATH, the gcloud dispatcher, which runs 1.32 for a server reporting minor 32) and the
   * binaries {@code kubectl.1.27}, {@code kubectl.1.31}, {@code kubectl.1.33} beside it, called
   * directly.
   */
  public static final List<String> VERSIONS = List.of(INSTALLED, "1.27", "1.31", "1.33");

  private final Path kubeconfig;
  private final Path home;
  private final String binary;
  private final AtomicInteger files = new AtomicInteger();

  public Kubectl(ApiServerProcess api, Path home) {
    this(api, home, "kubectl");
  }

  private Kubectl(ApiServerProcess api, Path home, String binary) {
    this.kubeconfig = api.kubeconfig();
    this.home = home;
    this.binary = binary;
  }

  /** {@link #VERSIONS} as a stream, for {@code @MethodSource("io.capstan.e2e.support.Kubectl#versions")}. */
  public static Stream<String> versions() {
    return VERSIONS.stream();
  }

  /**
   * kubectl of {@code version}: {@link #INSTALLED} or a minor like {@code "1.27"}, which runs the
   * binary {@code kubectl.1.27} beside the dispatcher directly. A missing binary is an {@link
   * AssertionError}: the tests fail rather than skip a version.
   */
  public static Kubectl version(ApiServerProcess api, Path home, String version) {
    return new Kubectl(api, home, binary(version).toString());
  }

  /** The executable of {@code version} (see {@link #version}); fails if it is not installed. */
  public static Path binary(String version) {
    Path dispatcher = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no kubectl on PATH " + System.getenv("PATH")));
    if (version.equals(INSTALLED)) return dispatcher;
    try {
      Path beside = dispatcher.toRealPath().resolveSibling("kubectl." + version);
      if (!Files.isExecutable(beside)) {
        throw new AssertionError("kubectl " + version + " is not installed: no executable " + beside
            + " beside the dispatcher " + dispatcher.toRealPath());
      }
      return beside;
    } catch (IOException e) {
      throw new AssertionError("cannot resolve the kubectl dispatcher " + dispatcher, e);
    }
  }

  /** Runs {@code kubectl args...} to completion. */
  public KubectlResult run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs {@code kubectl args...} to completion with extra environment variables (e.g. {@code EDITOR}). */
  public KubectlResult run(Map<String, String> env, String... args) {
    Running running = start(env, args);
    return running.await(PROCESS_TIMEOUT);
  }

  /** Runs {@code kubectl args...} to completion with {@code input} as its standard input ({@code exec -i}). */
  public KubectlResult runWithInput(String input, String... args) {
    Path file;
    try {
      file = Files.writeString(Files.createDirectories(home.resolve("in")).resolve(files.incrementAndGet() + ".stdin"),
          input);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write kubectl's input", e);
    }
    return start(Map.of(), file, args).await(PROCESS_TIMEOUT);
  }

  /** Starts {@code kubectl args...} without waiting; for commands that stream, like {@code get -w}. */
  public Running start(String... args) {
    return start(Map.of(), args);
  }

  /** {@link #start(String...)} with extra environment variables. */
  public Running start(Map<String, String> env, String... args) {
    return start(env, Path.of("/dev/null"), args);
  }

  private Running start(Map<String, String> env, Path stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(Arrays.asList(args));
    if (command.stream().noneMatch(a -> a.startsWith("--request-timeout"))) {
      // Before a "--": what follows it is the container's command (create job, exec, run).
      int dashes = command.indexOf("--");
      command.add(dashes < 0 ? command.size() : dashes, REQUEST_TIMEOUT);
    }
    int n = files.incrementAndGet();
    try {
      Path out = Files.createDirectories(home.resolve("out")).resolve(n + ".stdout");
      Path err = home.resolve("out").resolve(n + ".stderr");
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(home.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      pb.environment().put("HOME", home.toString());
      pb.environment().putAll(env);
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

  /**
   * Creates a namespace named {@code prefix-<random>} imperatively, with {@code kubectl create ns}
   * (a protobuf body from kubectl 1.32 on), and returns its name.
   */
  public String createNamespaceImperatively(String prefix) {
    String name = uniqueName(prefix);
    run("create", "ns", name).requireSuccess();
    return name;
  }

  /** {@code prefix-<random>}: a name no other test uses. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
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

    /** What kubectl has written to stderr so far. */
    public String stderrSoFar() {
      return read(err);
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
