package io.capstan.nodeagent.api.spdy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a SPDY/3.1 connection, as far as Kubernetes' streaming protocols use it:
 * the client opens streams (SYN_STREAM with headers), the server accepts them (SYN_REPLY), both
 * send DATA and half-close with FIN; PINGs are echoed. Flow control is not enforced: the Go
 * library kubectl uses (spdystream) neither sends nor honours WINDOW_UPDATE.
 */
public final class SpdyConnection {
  private static final Logger log = LoggerFactory.getLogger(SpdyConnection.class);
  private static final int VERSION = 3;
  private static final int SYN_STREAM = 1, SYN_REPLY = 2, RST_STREAM = 3, PING = 6, GOAWAY = 7;
  private static final int FLAG_FIN = 1;
  /** The largest DATA payload this side sends; the protocol allows 16 MiB. */
  static final int MAX_DATA = 32 * 1024;

  /** What the connection tells its user. Called on the reader thread: must not block for long. */
  public interface Handler {
    void onStream(int streamId, Map<String, String> headers, boolean fin) throws IOException;

    void onData(int streamId, byte[] data, boolean fin) throws IOException;

    void onReset(int streamId);
  }

  private final ByteTransport transport;
  private final HeaderBlocks readHeaders = new HeaderBlocks();
  private final HeaderBlocks writeHeaders = new HeaderBlocks();
  private final byte[] buf = new byte[64 * 1024];
  private int start, end;

  public SpdyConnection(ByteTransport transport) {
    this.transport = transport;
  }

  /** Reads frames until the client goes away or sends GOAWAY. */
  public void serve(Handler handler) throws IOException {
    while (true) {
      if (!fill(8)) return;
      int w0 = intAt(start);
      int flags = buf[start + 4] & 0xff;
      int length = ((buf[start + 5] & 0xff) << 16) | ((buf[start + 6] & 0xff) << 8) | (buf[start + 7] & 0xff);
      start += 8;
      byte[] payload = take(length);
      if (w0 < 0) {
        int type = w0 & 0xffff;
        if (!control(type, flags, payload, handler)) return;
      } else {
        handler.onData(w0, payload, (flags & FLAG_FIN) != 0);
      }
    }
  }

  private boolean control(int type, int flags, byte[] p, Handler handler) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(p);
    switch (type) {
      case SYN_STREAM -> {
        int id = b.getInt() & 0x7fffffff;
        handler.onStream(id, readHeaders.read(p, 10, p.length - 10), (flags & FLAG_FIN) != 0);
      }
      case RST_STREAM -> handler.onReset(b.getInt() & 0x7fffffff);
      case PING -> writeFrame(control(PING, 0, p));
      case GOAWAY -> {
        return false;
      }
      default -> log.trace("ignoring SPDY control frame {}", type); // SETTINGS, WINDOW_UPDATE, HEADERS
    }
    return true;
  }

  public void reply(int streamId, Map<String, String> headers) throws IOException {
    synchronized (this) {
      byte[] block = writeHeaders.write(headers);
      writeFrame(control(SYN_REPLY, 0, ByteBuffer.allocate(4 + block.length).putInt(streamId).put(block).array()));
    }
  }

  /** Sends {@code data} in frames of at most {@link #MAX_DATA}; {@code fin} half-closes the stream after it. */
  public void data(int streamId, byte[] data, int off, int len, boolean fin) throws IOException {
    do {
      int n = Math.min(len, MAX_DATA);
      boolean last = n == len;
      byte[] frame = new byte[8 + n];
      ByteBuffer.wrap(frame).putInt(streamId & 0x7fffffff)
          .putInt(((last && fin ? FLAG_FIN : 0) << 24) | n);
      System.arraycopy(data, off, frame, 8, n);
      writeFrame(frame);
      off += n;
      len -= n;
    } while (len > 0);
  }

  public void reset(int streamId, int status) throws IOException {
    writeFrame(control(RST_STREAM, 0, ByteBuffer.allocate(8).putInt(streamId).putInt(status).array()));
  }

  private static byte[] control(int type, int flags, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putShort((short) (0x8000 | VERSION)).putShort((short) type)
        .putInt((flags << 24) | payload.length).put(payload).array();
  }

  private synchronized void writeFrame(byte[] frame) throws IOException {
    transport.write(frame);
  }

  public void close() {
    transport.close();
  }

  /** Makes {@code n} bytes available at {@code start}; false at a clean end before any of them. */
  private boolean fill(int n) throws IOException {
    if (end - start >= n) return true;
    System.arraycopy(buf, start, buf, 0, end - start);
    end -= start;
    start = 0;
    while (end < n) {
      int r = transport.read(buf, end, buf.length - end);
      if (r < 0) {
        if (end == 0) return false;
        throw new EOFException("SPDY connection ended inside a frame");
      }
      end += r;
    }
    return true;
  }

  private byte[] take(int length) throws IOException {
    byte[] out = new byte[length];
    int copied = 0;
    while (copied < length) {
      if (start == end && !fill(1)) throw new EOFException("SPDY connection ended inside a frame");
      int n = Math.min(length - copied, end - start);
      System.arraycopy(buf, start, out, copied, n);
      start += n;
      copied += n;
    }
    return out;
  }

  private int intAt(int i) {
    return ((buf[i] & 0xff) << 24) | ((buf[i + 1] & 0xff) << 16) | ((buf[i + 2] & 0xff) << 8) | (buf[i + 3] & 0xff);
  }
}
