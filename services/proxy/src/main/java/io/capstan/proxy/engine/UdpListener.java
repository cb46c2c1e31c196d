package io.capstan.proxy.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP on one service address. Each client address gets a session: a socket connected to the
 * endpoint chosen for its first datagram, whose replies go back to the client from the service
 * address. Sessions end after {@code idleTimeout} without traffic, and at once when their
 * endpoint leaves (as kube-proxy clears UDP conntrack entries, since UDP has no end to wait for).
 * A datagram for a service without endpoints is dropped and counted as rejected.
 */
final class UdpListener extends BoundListener {
  private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
  private static final int MAX_DATAGRAM = 65535;

  private final DatagramChannel channel;
  private final Duration idleTimeout;
  private final Map<InetSocketAddress, Session> sessions = new HashMap<>();
  private final ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private boolean closed;

  private UdpListener(Reactor reactor, DatagramChannel channel, Route route, ProxyMetrics metrics, Duration idleTimeout) {
    super(reactor, route, metrics);
    this.channel = channel;
    this.idleTimeout = idleTimeout;
  }

  static UdpListener open(Reactor reactor, InetSocketAddress address, Route route, ProxyMetrics metrics,
      Duration idleTimeout) throws IOException {
    DatagramChannel ch = ServiceSockets.bind(DatagramChannel.open(), address, DatagramChannel::bind);
    UdpListener l = new UdpListener(reactor, ch, route, metrics, idleTimeout);
    ServiceSockets.register(reactor, ch, SelectionKey.OP_READ, l, l::scheduleExpiry);
    return l;
  }

  @Override
  public void ready(SelectionKey key) throws IOException {
    InetSocketAddress from;
    while ((from = (InetSocketAddress) channel.receive(buf.clear())) != null) {
      buf.flip();
      Session s = sessions.get(from);
      if (s == null) {
        Route r = route;
        Optional<Backend> b = r.selector().pick(from.getAddress(), Set.of());
        if (b.isEmpty()) {
          r.counters().rejected().increment();
          continue;
        }
        s = new Session(from, b.get(), r);
      }
      int n = buf.remaining();
      try {
        s.upstream.write(buf);
        s.route.counters().bytesIn().increment(n);
        s.lastUsed = System.nanoTime();
      } catch (IOException e) {
        log.debug("{}: sending to {} failed", s.route.service(), s.backend, e);
        s.close();
      }
    }
  }

  @Override
  public void failed(Exception e) {
    log.warn("receiving on {} failed", channel, e);
  }

  @Override
  public void endpointsChanged() {
    reactor.execute(() -> {
      Set<Backend> present = Set.copyOf(route.selector().backends());
      for (Session s : sessions.values().toArray(Session[]::new)) if (!present.contains(s.backend)) s.close();
    });
  }

  private void scheduleExpiry() {
    reactor.schedule(Math.max(idleTimeout.toNanos() / 2, 1_000_000), () -> {
      if (closed) return;
      long now = System.nanoTime();
      for (Session s : sessions.values().toArray(Session[]::new)) {
        if (now - s.lastUsed > idleTimeout.toNanos()) s.close();
      }
      scheduleExpiry();
    });
  }

  @Override
  public void close() {
    reactor.execute(() -> {
      closed = true;
      for (Session s : sessions.values().toArray(Session[]::new)) s.close();
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing {}", channel, e);
      }
    });
  }

  /** One client's datagrams to its endpoint, and the replies back. */
  private final class Session implements Reactor.Handler {
    final InetSocketAddress client;
    final Backend backend;
    final Route route;
    final DatagramChannel upstream;
    long lastUsed = System.nanoTime();

    Session(InetSocketAddress client, Backend backend, Route route) throws IOException {
      this.client = client;
      this.backend = backend;
      this.route = route;
      this.upstream = DatagramChannel.open();
      upstream.configureBlocking(false);
      upstream.connect(backend.address());
      reactor.register(upstream, SelectionKey.OP_READ, this);
      sessions.put(client, this);
      route.counters().connections().increment();
      metrics.open().incrementAndGet();
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
      ByteBuffer reply = ByteBuffer.allocate(MAX_DATAGRAM);
      while (upstream.read(reply.clear()) > 0) {
        reply.flip();
        int n = reply.remaining();
        channel.send(reply, client);
        route.counters().bytesOut().increment(n);
        lastUsed = System.nanoTime();
      }
    }

    @Override
    public void failed(Exception e) {
      // An ICMP port unreachable from the endpoint surfaces here: start over with the next datagram.
      log.debug("{}: session {} -> {} failed", route.service(), client, backend, e);
      close();
    }

    void close() {
      if (sessions.remove(client, this)) metrics.open().decrementAndGet();
      try {
        upstream.close();
      } catch (IOException e) {
        log.debug("closing the session to {}", backend, e);
      }
    }
  }
}
