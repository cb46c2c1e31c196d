package io.capstan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real etcd server on free loopback ports with its data under {@code target/}, started once per
 * test suite. Tests share it and keep apart by key prefix or namespace.
 */
public final class EtcdProcess implements AutoCloseable {

  private static EtcdProcess shared;

  private final Process process;
  private final Path dataDir;
  private final int clientPort;

  private EtcdProcess(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    this.clientPort = freePort();
    int peerPort = freePort();
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    this.process = new ProcessBuilder("etcd",
        "--name", "test",
        "--data-dir", dataDir.toString(),
        "--listen-client-urls", "http://127.0.0.1:" + clientPort,
        "--advertise-client-urls", "http://127.0.0.1:" + clientPort,
        "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
        "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
        "--initial-cluster", "test=http://127.0.0.1:" + peerPort)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    ChildProcess.awaitReady(process, "etcd", Duration.ofSeconds(20), Duration.ofMillis(50), log, this::healthy,
        this::close);
  }

  /** The suite-wide etcd, started on first use and stopped when the JVM exits. */
  public static synchronized EtcdProcess shared() {
    if (shared == null) {
      try {
        Path dir = Files.createDirectories(Path.of("target")).resolve("etcd-" + ProcessHandle.current().pid());
        shared = new EtcdProcess(dir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start etcd (is etcd-server installed?)", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "etcd-stop"));
    }
    return shared;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  private boolean healthy() throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/health").toURL().openConnection();
    c.setConnectTimeout(500);
    c.setReadTimeout(500);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes()).contains("\"health\":\"true\"");
    }
  }

  /** A free loopback port (kept here for existing callers; see {@link ChildProcess#freePort()}). */
  public static int freePort() throws IOException {
    return ChildProcess.freePort();
  }

  @Override
  public void close() {
    ChildProcess.stop(process, Duration.ofSeconds(5));
    ChildProcess.deleteTree(dataDir);
  }
}
