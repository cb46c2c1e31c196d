package io.capstan.nodeagent.api.spdy;

import java.io.IOException;

/** The byte stream a SPDY connection runs on: an upgraded socket, or WebSocket messages tunnelling it. */
public interface ByteTransport extends AutoCloseable {
  /** Reads at least one byte, or returns -1 at the end. */
  int read(byte[] buf, int off, int len) throws IOException;

  /** Writes one whole frame; callers serialize writes. */
  void write(byte[] frame) throws IOException;

  @Override
  void close();
}
