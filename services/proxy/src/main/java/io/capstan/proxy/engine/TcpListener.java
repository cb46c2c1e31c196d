package io.capstan.proxy.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts on one service address and hands each connection to a {@link TcpConnection}. */
final class TcpListener extends BoundListener {
  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

  private final ServerSocketChannel server;
  private final Duration connectTimeout;

  private TcpListener(Reactor reactor, ServerSocketChannel server, Route route, ProxyMetrics metrics,
      Duration connectTimeout) {
    super(reactor, route, metrics);
    this.server = server;
    this.connectTimeout = connectTimeout;
  }

  static TcpListener open(Reactor reactor, InetSocketAddress address, Route route, ProxyMetrics metrics,
      Duration connectTimeout) throws IOException {
    ServerSocketChannel server = ServiceSockets.bind(ServerSocketChannel.open(), address, (c, a) -> c.bind(a, 1024));
    TcpListener l = new TcpListener(reactor, server, route, metrics, connectTimeout);
    ServiceSockets.register(reactor, server, SelectionKey.OP_ACCEPT, l, () -> { });
    return l;
  }

  @Override
  public void ready(SelectionKey key) throws IOException {
    SocketChannel client;
    while ((client = server.accept()) != null) {
      new TcpConnection(reactor, client, route, metrics, connectTimeout).start();
    }
  }

  @Override
  public void failed(Exception e) {
    log.warn("accepting on {} failed", address(), e);
  }

  @Override
  public void endpointsChanged() {
    // TCP connections drain: they keep their endpoint until they end.
  }

  @Override
  public void close() {
    reactor.execute(() -> {
      try {
        server.close();
      } catch (IOException e) {
        log.debug("closing {}", address(), e);
      }
    });
  }

  private String address() {
    try {
      return String.valueOf(server.getLocalAddress());
    } catch (IOException e) {
      return "a closed listener";
    }
  }
}
