package io.capstan.proxy.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts on one service address and hands each connection to a {@link TcpConnection}. */
final class TcpListener implements Listener, Reactor.Handler {
  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

  private final Reactor reactor;
  private final ServerSocketChannel server;
  private final ProxyMetrics metrics;
  private final Duration connectTimeout;
  private volatile Route route;

  private TcpListener(Reactor reactor, ServerSocketChannel server, Route route, ProxyMetrics metrics,
      Duration connectTimeout) {
    this.reactor = reactor;
    this.server = server;
    this.route = route;
    this.metrics = metrics;
    this.connectTimeout = connectTimeout;
  }

  static TcpListener open(Reactor reactor, InetSocketAddress address, Route route, ProxyMetrics metrics,
      Duration connectTimeout) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, 1024);
      server.configureBlocking(false);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    TcpListener l = new TcpListener(reactor, server, route, metrics, connectTimeout);
    reactor.run(() -> {
      try {
        reactor.register(server, SelectionKey.OP_ACCEPT, l);
      } catch (IOException e) {
        throw new IllegalStateException("cannot register " + address, e);
      }
    });
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
  public void route(Route route) {
    this.route = route;
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
