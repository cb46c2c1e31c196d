package io.capstan.nodeagent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A {@link PodConnection} over a plain TCP socket to the pod's address. */
final class SocketConnection implements PodConnection {
  private final Socket socket;
  private final InputStream input;
  private final OutputStream output;

  private SocketConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
  }

  static SocketConnection open(InetSocketAddress address, Duration timeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(address, (int) timeout.toMillis());
      return new SocketConnection(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public String failure() {
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
