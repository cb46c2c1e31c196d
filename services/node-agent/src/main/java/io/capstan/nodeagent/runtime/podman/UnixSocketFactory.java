package io.capstan.nodeagent.runtime.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Sockets that connect to one unix socket whatever address they are asked for, so OkHttp can
 * speak HTTP to Podman's service. JDK only. Reads and writes go straight to the channel (not
 * {@code Channels.newInputStream}, which serialises reads and writes on one lock); timeouts are
 * OkHttp's own (it closes the socket), so {@code setSoTimeout} is a no-op.
 */
public final class UnixSocketFactory extends SocketFactory {

  private final Path path;

  public UnixSocketFactory(Path path) {
    this.path = path;
  }

  @Override
  public Socket createSocket() {
    return new UnixSocket(path);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected();
  }

  private Socket connected() throws IOException {
    UnixSocket s = new UnixSocket(path);
    s.connect(null, 0);
    return s;
  }

  static final class UnixSocket extends Socket {
    private final Path path;
    private SocketChannel channel;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;

    UnixSocket(Path path) {
      this.path = path;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(path));
      } catch (IOException e) {
        ch.close();
        throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
      }
      channel = ch;
    }

    @Override
    public InputStream getInputStream() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (len == 0) return 0;
          int n = channel.read(ByteBuffer.wrap(b, off, len));
          return n < 0 ? -1 : n;
        }
      };
    }

    @Override
    public OutputStream getOutputStream() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          ByteBuffer buf = ByteBuffer.wrap(b, off, len);
          while (buf.hasRemaining()) channel.write(buf);
        }
      };
    }

    @Override
    public void setSoTimeout(int timeout) {}

    @Override
    public boolean isConnected() {
      return channel != null && channel.isConnected();
    }

    @Override
    public boolean isClosed() {
      return channel != null && !channel.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
      return inputShutdown;
    }

    @Override
    public boolean isOutputShutdown() {
      return outputShutdown;
    }

    @Override
    public void shutdownInput() throws IOException {
      channel.shutdownInput();
      inputShutdown = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
      channel.shutdownOutput();
      outputShutdown = true;
    }

    @Override
    public InetAddress getInetAddress() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public synchronized void close() throws IOException {
      if (channel != null) channel.close();
    }
  }
}
