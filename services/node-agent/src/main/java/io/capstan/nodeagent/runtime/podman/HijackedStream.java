package io.capstan.nodeagent.runtime.podman;

import io.capstan.nodeagent.runtime.RuntimeError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A POST to Podman that upgrades the connection ({@code Upgrade: tcp}) and then carries a
 * process's raw streams both ways: exec start and container attach. OkHttp cannot keep using a
 * connection after a 101, so this speaks HTTP/1.1 by hand on the unix socket and reads the
 * response headers byte by byte, leaving every stream byte in the channel. Reads and writes may
 * run on different threads (a blocking {@link SocketChannel} locks them separately).
 */
final class HijackedStream implements AutoCloseable {
  private final SocketChannel channel;

  private HijackedStream(SocketChannel channel) {
    this.channel = channel;
  }

  /** @param pathAndQuery e.g. {@code /v4.0.0/libpod/exec/<id>/start} */
  static HijackedStream open(Path socket, String pathAndQuery, String jsonBody) {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new RuntimeError("cannot connect to podman at " + socket + ": " + e.getMessage(), e);
    }
    try {
      byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
      String head = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: podman\r\nContent-Type: application/json\r\n"
          + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length + "\r\n\r\n";
      write(ch, head.getBytes(StandardCharsets.ISO_8859_1));
      write(ch, body);
      String status = readHead(ch);
      int code = Integer.parseInt(status.split(" ")[1]);
      if (code != 101 && code != 200) {
        String text = readRest(ch);
        ch.close();
        throw new RuntimeError("POST " + pathAndQuery + " answered " + code + ": " + cause(text), code);
      }
      return new HijackedStream(ch);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof RuntimeError re) throw re;
      throw new RuntimeError("POST " + pathAndQuery + ": " + e.getMessage(), e);
    }
  }

  /** Reads up to {@code buf.length} bytes; -1 at EOF. */
  int read(byte[] buf, int off, int len) throws IOException {
    return channel.read(ByteBuffer.wrap(buf, off, len));
  }

  void write(byte[] data, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data, off, len);
    while (b.hasRemaining()) channel.write(b);
  }

  void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a unix socket Podman already closed: nothing left to release.
    }
  }

  private static void write(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) ch.write(b);
  }

  /** The status line, after consuming the headers up to the blank line. */
  private static String readHead(SocketChannel ch) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    int state = 0; // how much of CR LF CR LF has been seen
    while (state < 4) {
      one.clear();
      if (ch.read(one) < 0) throw new IOException("podman closed the connection before its response headers");
      byte c = one.get(0);
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
          : c == '\r' ? 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.indexOf("\r\n"));
  }

  private static String readRest(SocketChannel ch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(4096);
    // Error bodies are small JSON documents; Podman closes or the first read holds them.
    ch.configureBlocking(true);
    int n = ch.read(b);
    if (n > 0) out.write(b.array(), 0, n);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String cause(String text) {
    int brace = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (brace < 0 || end < brace) return text.trim();
    try {
      // The body may be chunked: the JSON document sits between the chunk framing.
      var n = PodmanHttp.JSON.readTree(text.substring(brace, end + 1));
      return n.path("message").asString(text.trim());
    } catch (RuntimeException e) {
      return text.trim();
    }
  }
}
