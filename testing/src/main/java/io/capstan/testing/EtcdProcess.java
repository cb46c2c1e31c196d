package io.capstan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    awaitHealthy(Duration.ofSeconds(20), log);
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

  private void awaitHealthy(Duration timeout, Path log) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("etcd exited: " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/health").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(500);
        try (InputStream in = c.getInputStream()) {
          if (new String(in.readAllBytes()).contains("\"health\":\"true\"")) return;
        }
      } catch (IOException notYet) {
        // etcd is still starting; the deadline bounds the wait.
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for etcd", e);
      }
    }
    close();
    throw new IOException("etcd not healthy within " + timeout + ": " + Files.readString(log));
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dataDir + ": " + e);
    }
  }
}
