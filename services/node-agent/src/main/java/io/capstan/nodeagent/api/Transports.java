package io.capstan.nodeagent.api;

import io.capstan.nodeagent.api.spdy.ByteTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** The two ways a SPDY connection reaches the node API: a socket upgraded to SPDY/3.1, or WebSocket binary messages. */
final class Transports {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Transports.class);

  private Transports() {}

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing a node API connection: {}", e.toString());
    }
  }

  static ByteTransport socket(Socket socket, InputStream in, OutputStream out) {
    return new ByteTransport() {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return in.read(buf, off, len);
      }

      @Override
      public void write(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
      }

      @Override
      public void close() {
        closeQuietly(socket);
      }
    };
  }

  /**
   * SPDY tunnelled in WebSocket ({@code SPDY/3.1+portforward.k8s.io}): each binary message holds
   * an arbitrary slice of the byte stream, with no channel byte.
   */
  static ByteTransport webSocket(WebSocket ws, Socket socket) {
    return new ByteTransport() {
      private byte[] message = new byte[0];
      private int pos;

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        while (pos == message.length) {
          byte[] next = ws.read();
          if (next == null) return -1;
          message = next;
          pos = 0;
        }
        int n = Math.min(len, message.length - pos);
        System.arraycopy(message, pos, buf, off, n);
        pos += n;
        return n;
      }

      @Override
      public void write(byte[] frame) throws IOException {
        ws.sendBinary(frame);
      }

      @Override
      public void close() {
        try {
          ws.sendClose(1000);
        } catch (IOException e) {
          log.debug("no close frame for a client that is gone: {}", e.toString());
        }
        closeQuietly(socket);
      }
    };
  }
}
