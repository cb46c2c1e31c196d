package io.capstan.nodeagent.runtime.podman;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Sockets that connect to one unix socket whatever address they are asked for, so OkHttp can
 * speak HTTP to Podman's service. JDK only. Reads and writes go straight to the channel (not
 * {@code Channels.newInputStream}, which serialises reads and writes on one lock), and reads
 * honour {@link Socket#setSoTimeout}.
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

  /**
   * A unix-socket {@link Socket}. Java 17's unix {@code SocketChannel} has no socket adaptor, and
   * a blocking channel read ignores any timeout, so the channel is non-blocking and each read
   * waits in a selector for at most {@code soTimeout}: that is what OkHttp's health check of an
   * idle pooled connection (a read with a 1 ms timeout expecting {@link SocketTimeoutException})
   * and its read timeouts rely on.
   */
  static final class UnixSocket extends Socket {
    private final Path path;
    private SocketChannel channel;
    private Selector readable;
    private Selector writable;
    private volatile int soTimeout;
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
      Selector r = null;
      Selector w = null;
      try {
        // A unix connect completes or fails at once: no connect timeout is needed.
        ch.connect(UnixDomainSocketAddress.of(path));
        ch.configureBlocking(false);
        r = Selector.open();
        w = Selector.open();
        ch.register(r, SelectionKey.OP_READ);
        ch.register(w, SelectionKey.OP_WRITE);
      } catch (IOException e) {
        closeQuietly(e, ch, r, w);
        throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
      }
      synchronized (this) {
        channel = ch;
        readable = r;
        writable = w;
      }
    }

    private static void closeQuietly(IOException cause, Closeable... all) {
      for (Closeable c : all) {
        if (c == null) continue;
        try {
          c.close();
        } catch (IOException e) {
          cause.addSuppressed(e);
        }
      }
    }

    /** Reads what is there, waiting up to {@code soTimeout} (0: for ever) for something to arrive. */
    int read(ByteBuffer into) throws IOException {
      int timeout = soTimeout;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
      while (true) {
        int n = channel.read(into);
        if (n != 0) return n;
        long wait = 0;
        if (timeout > 0) {
          wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (wait <= 0) throw new SocketTimeoutException("Read timed out");
        }
        await(readable, wait);
      }
    }

    void write(ByteBuffer from) throws IOException {
      while (from.hasRemaining()) {
        if (channel.write(from) == 0) await(writable, 0);
      }
    }

    private void await(Selector selector, long millis) throws IOException {
      try {
        selector.select(millis);
        selector.selectedKeys().clear();
      } catch (ClosedSelectorException e) {
        throw new SocketException("Socket closed");
      }
      if (!channel.isOpen()) throw new SocketException("Socket closed");
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
          int n = UnixSocket.this.read(ByteBuffer.wrap(b, off, len));
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
          UnixSocket.this.write(ByteBuffer.wrap(b, off, len));
        }
      };
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      if (timeout < 0) throw new IllegalArgumentException("timeout < 0");
      soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
      return soTimeout;
    }

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

    /**
     * Closes the channel and both selectors; closing a selector wakes a thread blocked in it, so
     * a read or write in progress ends with a {@link SocketException} (how OkHttp cancels calls).
     */
    @Override
    public synchronized void close() throws IOException {
      if (channel == null) return;
      IOException failure = new IOException("closing " + path);
      closeQuietly(failure, channel, readable, writable);
      if (failure.getSuppressed().length > 0) throw failure;
    }
  }
}
