package io.capstan.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft, broker and controller in one JVM) on free loopback ports with
 * its data under {@code target/}, started from the built {@code services/kafka/target/kafka-*.jar}.
 * {@link #shared()} is one broker per test suite that tests share and keep apart by topic name;
 * {@link #start(String)} gives a test its own broker that it may {@link #kill()} and
 * {@link #restart()} (same ports, same data) and must {@link #close()}.
 */
public final class KafkaProcess implements AutoCloseable {

  private static KafkaProcess shared;

  private final Path dataDir;
  private final Path log;
  private final int port;
  private final int controllerPort;
  private Process process;

  private KafkaProcess(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    this.port = ChildProcess.freePort();
    this.controllerPort = ChildProcess.freePort();
    launch();
  }

  private synchronized void launch() throws IOException {
    this.process = new ProcessBuilder("java", "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar(),
        "--data-dir=" + dataDir.toAbsolutePath(),
        "--port=" + port,
        "--controller-port=" + controllerPort)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    ChildProcess.awaitReady(process, "Kafka", Duration.ofSeconds(180), Duration.ofMillis(100), log,
        this::metadataHasBroker, this::close);
  }

  /** The suite-wide Kafka, started on first use and stopped when the JVM exits. */
  public static synchronized KafkaProcess shared() {
    if (shared == null) {
      try {
        Path dir = Files.createDirectories(Path.of("target")).resolve("kafka-" + ProcessHandle.current().pid());
        shared = new KafkaProcess(dir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start Kafka (is services/kafka built?)", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-stop"));
    }
    return shared;
  }

  /**
   * A broker of the caller's own (not shared), data in {@code target/kafka-<name>-<pid>}; the
   * caller closes it. Use it to kill and restart a broker under a running test.
   */
  public static KafkaProcess start(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target"))
        .resolve("kafka-" + name + "-" + ProcessHandle.current().pid());
    ChildProcess.deleteTreeIfExists(dir);
    return new KafkaProcess(dir);
  }

  /** SIGKILL, as a crash: no controlled shutdown, the data stays for {@link #restart()}. */
  public synchronized void kill() {
    if (this == shared) throw new IllegalStateException("the shared broker cannot be killed");
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the broker again on the same ports and data dir and waits until it answers. */
  public synchronized void restart() throws IOException {
    if (process.isAlive()) throw new IllegalStateException("Kafka is still running; kill() it first");
    launch();
  }

  public synchronized boolean isRunning() {
    return process.isAlive();
  }

  /** {@code bootstrap.servers} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private static String jar() throws IOException {
    Path dir = ApiServerProcess.repositoryRoot().resolve("services/kafka/target");
    if (!Files.isDirectory(dir)) throw new IOException("no " + dir + ": build services/kafka first");
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Path::toString)
          .filter(p -> p.substring(p.lastIndexOf('/') + 1).startsWith("kafka-") && p.endsWith(".jar")
              && !p.endsWith("-sources.jar") && !p.endsWith(".jar.original"))
          .findFirst()
          .orElseThrow(() -> new IOException("no kafka-*.jar in " + dir + ": build services/kafka first"));
    }
  }

  /**
   * Sends a Metadata v1 request (all topics) over the wire protocol and returns whether the
   * answer lists at least one broker — without needing kafka-clients on this module's classpath.
   */
  private boolean metadataHasBroker() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(2000);
      byte[] clientId = "capstan-testing".getBytes(StandardCharsets.UTF_8);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      int size = 2 + 2 + 4 + 2 + clientId.length + 4;
      out.writeInt(size);
      out.writeShort(3);          // api key: Metadata
      out.writeShort(1);          // api version 1 (request header v1)
      out.writeInt(42);           // correlation id
      out.writeShort(clientId.length);
      out.write(clientId);
      out.writeInt(-1);           // topics: null = all
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int length = in.readInt();
      if (length < 8) return false;
      if (in.readInt() != 42) return false;
      int brokers = in.readInt();
      return brokers > 0;
    }
  }

  @Override
  public synchronized void close() {
    ChildProcess.stop(process, Duration.ofSeconds(10));
    ChildProcess.deleteTree(dataDir);
  }
}
