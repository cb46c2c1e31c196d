package io.capstan.nodeagent.api;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of an RFC 6455 connection after the handshake: reads client frames (masked,
 * possibly fragmented; pings answered, a close ends the stream) and writes unmasked binary
 * messages. Writes are synchronized, so several threads may send.
 */
final class WebSocket {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_MESSAGE = 16 << 20;

  private final InputStream in;
  private final OutputStream out;
  private boolean closeSent;

  private WebSocket(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  static boolean requested(NodeRequest r) {
    String upgrade = r.header("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket") && r.header("Sec-WebSocket-Key") != null;
  }

  /** The first of the client's offered subprotocols that {@code supported} holds, or null. */
  static String choose(NodeRequest r, List<String> supported) {
    String offered = r.header("Sec-WebSocket-Protocol");
    if (offered == null) return null;
    for (String p : offered.split(",")) {
      if (supported.contains(p.trim())) return p.trim();
    }
    return null;
  }

  /** Answers 101 with {@code protocol} and returns the connection. */
  static WebSocket accept(NodeRequest r, String protocol) throws IOException {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Upgrade", "websocket");
    h.put("Connection", "Upgrade");
    h.put("Sec-WebSocket-Accept", acceptKey(r.header("Sec-WebSocket-Key")));
    h.put("Sec-WebSocket-Protocol", protocol);
    r.head(101, h);
    return new WebSocket(r.input(), r.output());
  }

  static String acceptKey(String key) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  /** The next data message (text or binary payload), or null once the client closed. */
  byte[] read() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = in.read();
      if (b0 < 0) return null;
      int b1 = readByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      long len = b1 & 0x7f;
      if (len == 126) len = (readByte() << 8) | readByte();
      else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) len = (len << 8) | readByte();
      }
      if (len > MAX_MESSAGE || message.size() + len > MAX_MESSAGE) throw new IOException("WebSocket message too large");
      byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
      byte[] payload = in.readNBytes((int) len);
      if (payload.length != len || (mask != null && mask.length != 4)) throw new EOFException("truncated frame");
      if (mask != null) for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      switch (opcode) {
        case 0x8 -> {
          sendClose(1000);
          return null;
        }
        case 0x9 -> send(0xA, payload);
        case 0xA -> { }
        case 0x0, 0x1, 0x2 -> {
          message.write(payload);
          if (fin) return message.toByteArray();
        }
        default -> throw new IOException("unknown WebSocket opcode " + opcode);
      }
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) throw new EOFException("connection closed inside a frame");
    return b;
  }

  void sendBinary(byte[] payload) throws IOException {
    send(0x2, payload);
  }

  /** A binary message of {@code prefix} followed by {@code data[off, off+len)}. */
  void sendBinary(byte prefix, byte[] data, int off, int len) throws IOException {
    byte[] payload = new byte[len + 1];
    payload[0] = prefix;
    System.arraycopy(data, off, payload, 1, len);
    send(0x2, payload);
  }

  synchronized void sendClose(int code) throws IOException {
    if (closeSent) return;
    closeSent = true;
    writeFrame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
  }

  private synchronized void send(int opcode, byte[] payload) throws IOException {
    if (closeSent) throw new IOException("WebSocket already closed");
    writeFrame(opcode, payload);
  }

  private void writeFrame(int opcode, byte[] payload) throws IOException {
    int len = payload.length;
    byte[] head;
    if (len < 126) head = new byte[] {(byte) (0x80 | opcode), (byte) len};
    else if (len < 65536) head = new byte[] {(byte) (0x80 | opcode), 126, (byte) (len >> 8), (byte) len};
    else {
      head = new byte[10];
      head[0] = (byte) (0x80 | opcode);
      head[1] = 127;
      for (int i = 0; i < 8; i++) head[9 - i] = (byte) ((long) len >> (8 * i));
    }
    out.write(head);
    out.write(payload);
    out.flush();
  }

  static byte[] copy(byte[] b, int from) {
    return Arrays.copyOfRange(b, from, b.length);
  }
}
