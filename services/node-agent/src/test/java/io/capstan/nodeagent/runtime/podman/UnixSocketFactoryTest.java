package io.capstan.nodeagent.runtime.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads on the unix socket honour soTimeout and end when another thread closes the socket. */
class UnixSocketFactoryTest {
  @TempDir Path dir;
  private ServerSocketChannel server;
  private SocketChannel peer;

  @BeforeEach
  void listen() throws Exception {
    Path path = dir.resolve("silent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    assertThat(Files.exists(path)).isTrue();
  }

  @AfterEach
  void close() throws Exception {
    if (peer != null) peer.close();
    server.close();
  }

  private Socket connect() throws Exception {
    Socket s = new UnixSocketFactory(dir.resolve("silent.sock")).createSocket("podman", 80);
    peer = server.accept();
    return s;
  }

  @Test
  void aReadOnASilentSocketTimesOut() throws Exception {
    try (Socket s = connect()) {
      s.setSoTimeout(200);
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(took).isBetween(150L, 5_000L);
      assertThat(s.getSoTimeout()).isEqualTo(200);
    }
  }

  /** OkHttp's health check of a pooled connection: a 1 ms read that must time out, then the socket is used again. */
  @Test
  void aTimedOutReadLeavesTheSocketUsable() throws Exception {
    try (Socket s = connect()) {
      s.setSoTimeout(1);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      s.setSoTimeout(5_000);
      s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      ByteBuffer got = ByteBuffer.allocate(4);
      while (got.hasRemaining()) peer.read(got);
      assertThat(new String(got.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
      peer.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
      assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("pong");
    }
  }

  @Test
  void closingTheSocketEndsABlockedRead() throws Exception {
    Socket s = connect();
    InputStream in = s.getInputStream();
    AtomicReference<Thread> reader = new AtomicReference<>();
    CompletableFuture<Throwable> read = CompletableFuture.supplyAsync(() -> {
      reader.set(Thread.currentThread());
      try {
        in.read();
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> waitsInASelector(reader.get()));
    assertThat(read).isNotDone();
    s.close();
    assertThat(read.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
    assertThat(s.isClosed()).isTrue();
  }

  /** Whether {@code t} is inside a selector's select, where a read with no data and no timeout waits. */
  private static boolean waitsInASelector(Thread t) {
    return t != null && Arrays.stream(t.getStackTrace())
        .anyMatch(f -> f.getClassName().startsWith("sun.nio.ch.") && f.getMethodName().equals("doSelect"));
  }

  @Test
  void theEndOfStreamIsMinusOne() throws Exception {
    try (Socket s = connect()) {
      s.setSoTimeout(5_000);
      peer.close();
      peer = null;
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }
}
