package io.capstan.proxy.engine;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection spliced to one endpoint, on the reactor thread. The endpoint is chosen
 * once; an endpoint that refuses or does not answer within the connect timeout is replaced by the
 * next one (at most {@link #MAX_TRIES}). With no endpoint at all the client gets a reset at once.
 * Half-closes pass through (a client's EOF becomes a FIN to the endpoint and the reply still
 * flows back); a reset on either side resets the other.
 */
final class TcpConnection {
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
  static final int MAX_TRIES = 3;
  private static final int BUFFER = 64 * 1024;

  private final Reactor reactor;
  private final SocketChannel client;
  private final Route route;
  private final ProxyMetrics metrics;
  private final Duration connectTimeout;
  private final Set<Backend> tried = new HashSet<>();
  private SocketChannel upstream;
  private SelectionKey clientKey;
  private SelectionKey upstreamKey;
  private Direction toEndpoint;
  private Direction toClient;
  private int attempt;
  private boolean closed;

  TcpConnection(Reactor reactor, SocketChannel client, Route route, ProxyMetrics metrics, Duration connectTimeout) {
    this.reactor = reactor;
    this.client = client;
    this.route = route;
    this.metrics = metrics;
    this.connectTimeout = connectTimeout;
  }

  void start() {
    try {
      client.configureBlocking(false);
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      abort(e);
      return;
    }
    connectNext();
  }

  private void connectNext() {
    InetAddress from = ((InetSocketAddress) remote(client)).getAddress();
    Optional<Backend> next = tried.size() >= MAX_TRIES ? Optional.empty() : route.selector().pick(from, tried);
    if (next.isEmpty()) {
      route.counters().rejected().increment();
      reset(client);
      closed = true;
      return;
    }
    Backend b = next.get();
    tried.add(b);
    int thisAttempt = ++attempt;
    try {
      upstream = SocketChannel.open();
      upstream.configureBlocking(false);
      upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = upstream.connect(b.address());
      upstreamKey = reactor.register(upstream, connected ? 0 : SelectionKey.OP_CONNECT, new Side(false));
      if (connected) {
        established();
      } else {
        reactor.schedule(connectTimeout.toNanos(), () -> {
          if (!closed && attempt == thisAttempt && upstream.isConnectionPending()) {
            log.debug("{}: endpoint {} did not answer in {}", route.service(), b, connectTimeout);
            retry();
          }
        });
      }
    } catch (IOException e) {
      log.debug("{}: cannot connect to {}", route.service(), b, e);
      retry();
    }
  }

  private void retry() {
    close(upstream);
    if (upstreamKey != null) upstreamKey.cancel();
    upstreamKey = null;
    connectNext();
  }

  private void established() throws IOException {
    ProxyMetrics.PortCounters c = route.counters();
    c.connections().increment();
    metrics.open().incrementAndGet();
    toEndpoint = new Direction(client, upstream, c.bytesIn());
    toClient = new Direction(upstream, client, c.bytesOut());
    clientKey = reactor.register(client, 0, new Side(true));
    interest();
  }

  /** The attachment of one of the two channels. */
  private final class Side implements Reactor.Handler {
    private final boolean clientSide;

    Side(boolean clientSide) {
      this.clientSide = clientSide;
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
      if (closed) return;
      if (!clientSide && key.isConnectable()) {
        try {
          upstream.finishConnect();
        } catch (IOException e) {
          log.debug("{}: connect failed", route.service(), e);
          retry();
          return;
        }
        established();
        return;
      }
      Direction in = clientSide ? toEndpoint : toClient;
      Direction out = clientSide ? toClient : toEndpoint;
      if (key.isReadable()) in.read();
      if (key.isWritable()) out.write();
      // Forward at once what was just read, rather than waiting for another select round.
      if (in.pending()) in.write();
      if (toEndpoint.finished() && toClient.finished()) {
        finish();
      } else {
        interest();
      }
    }

    @Override
    public void failed(Exception e) {
      log.debug("{}: connection failed", route.service(), e);
      abort(e);
    }
  }

  private void interest() {
    clientKey.interestOps((toEndpoint.wantsRead() ? SelectionKey.OP_READ : 0)
        | (toClient.pending() ? SelectionKey.OP_WRITE : 0));
    upstreamKey.interestOps((toClient.wantsRead() ? SelectionKey.OP_READ : 0)
        | (toEndpoint.pending() ? SelectionKey.OP_WRITE : 0));
  }

  private void finish() {
    if (closed) return;
    closed = true;
    metrics.open().decrementAndGet();
    close(client);
    close(upstream);
  }

  /** A reset (or a failure) on one side resets the other, so neither waits on a dead peer. */
  private void abort(Exception e) {
    if (closed) return;
    boolean wasOpen = toEndpoint != null;
    closed = true;
    if (wasOpen) metrics.open().decrementAndGet();
    reset(client);
    if (upstream != null) reset(upstream);
  }

  private static void reset(SocketChannel ch) {
    try {
      ch.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException e) {
      // Already closed: nothing to reset.
    }
    close(ch);
  }

  private static void close(SocketChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("closing {}", ch, e);
    }
  }

  private static java.net.SocketAddress remote(SocketChannel ch) {
    try {
      return ch.getRemoteAddress();
    } catch (IOException e) {
      return new InetSocketAddress(0);
    }
  }

  /** Bytes flowing one way: read from {@code src} into a buffer, written to {@code dst}. */
  private static final class Direction {
    private final SocketChannel src;
    private final SocketChannel dst;
    private final Counter bytes;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    private boolean eof;
    private boolean shut;

    Direction(SocketChannel src, SocketChannel dst, Counter bytes) {
      this.src = src;
      this.dst = dst;
      this.bytes = bytes;
    }

    void read() throws IOException {
      int n = src.read(buf);
      if (n < 0) eof = true;
      else if (n > 0) bytes.increment(n);
      if (eof && buf.position() == 0) shutdown();
    }

    void write() throws IOException {
      buf.flip();
      dst.write(buf);
      buf.compact();
      if (eof && buf.position() == 0) shutdown();
    }

    private void shutdown() throws IOException {
      if (shut) return;
      shut = true;
      dst.shutdownOutput();
    }

    boolean wantsRead() {
      return !eof && buf.hasRemaining();
    }

    boolean pending() {
      return buf.position() > 0;
    }

    boolean finished() {
      return shut;
    }
  }
}
