package io.capstan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The built relay ({@code services/relay/target/relay-*.jar}) as a child process on free ports,
 * without the config server, its log under {@code target/}. Not shared: a test starts as many as
 * it needs, kills or stops them, and closes every one.
 */
public final class RelayProcess implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final List<String> command;
  private final Path log;
  private final int managementPort;
  private Process process;

  /**
   * Prepares (does not start) a relay.
   *
   * @param extraArgs more {@code --name=value} Spring arguments, e.g.
   *     {@code --capstan.relay.state-prefix=/capstan/relay-test/}
   */
  public RelayProcess(String etcdEndpoints, String bootstrapServers, String... extraArgs) throws IOException {
    int serverPort = ChildProcess.freePort();
    this.managementPort = ChildProcess.freePort();
    this.log = Files.createDirectories(Path.of("target"))
        .resolve("relay-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".log");
    List<String> c = new ArrayList<>(List.of("java", "-Xmx192m", "-XX:+UseSerialGC", "-jar", jar(),
        "--spring.config.import=",
        // An empty import alone still tries the default config server (a running `capstan up` one).
        "--spring.cloud.config.enabled=false",
        "--server.port=" + serverPort,
        "--management.server.port=" + managementPort,
        "--capstan.etcd.endpoints=" + etcdEndpoints,
        "--capstan.kafka.bootstrap-servers=" + bootstrapServers));
    c.addAll(List.of(extraArgs));
    this.command = List.copyOf(c);
  }

  /** Starts the process and waits until its actuator reports it healthy (leader or standby). */
  public synchronized RelayProcess start() throws IOException {
    if (process != null && process.isAlive()) throw new IllegalStateException("already running");
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ChildProcess.awaitReady(process, "relay", Duration.ofSeconds(180), Duration.ofMillis(100), log,
        () -> get("/actuator/health").contains("\"UP\""), this::kill);
    return this;
  }

  /** SIGKILL: no checkpoint, no lease revoke; a standby takes over when the lease expires. */
  public synchronized void kill() {
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM (the relay checkpoints and revokes its lease), SIGKILL after 15 s. */
  public synchronized void stop() {
    if (process != null) ChildProcess.stop(process, Duration.ofSeconds(15));
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Whether this instance reports itself the active relay ({@code capstan_relay_leader 1}). */
  public boolean isLeader() {
    return metric("capstan_relay_leader") == 1.0;
  }

  /**
   * One metric's value from {@code /actuator/prometheus} (the first series of that name), or NaN
   * when the process does not answer or lacks it.
   */
  public double metric(String name) {
    try {
      for (String line : get("/actuator/prometheus").split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not answering (killed, starting): no value.
    }
    return Double.NaN;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  private String get(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + managementPort + path)
        .toURL().openConnection();
    c.setConnectTimeout(500);
    c.setReadTimeout(2000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String jar() throws IOException {
    Path dir = ApiServerProcess.repositoryRoot().resolve("services/relay/target");
    if (!Files.isDirectory(dir)) throw new IOException("no " + dir + ": build services/relay first");
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Path::toString)
          .filter(p -> p.substring(p.lastIndexOf('/') + 1).startsWith("relay-") && p.endsWith(".jar")
              && !p.endsWith("-sources.jar"))
          .findFirst()
          .orElseThrow(() -> new IOException("no relay-*.jar in " + dir + ": build services/relay first"));
    }
  }

  @Override
  public void close() {
    stop();
  }
}
