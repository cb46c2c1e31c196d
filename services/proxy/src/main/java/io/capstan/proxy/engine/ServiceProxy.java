package io.capstan.proxy.engine;

import io.capstan.proxy.address.ServiceAddresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ProxyRules} to the node: service addresses on the loopback interface, a listener
 * per cluster IP and node port, and the endpoints each service port forwards to. {@link #apply}
 * is idempotent and converges: a listener that could not be bound (address in use) is retried
 * on the next call. Removing a listener or an endpoint never cuts open TCP connections.
 */
public final class ServiceProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);

  /**
   * @param connectTimeout how long a connection waits for an endpoint before trying the next
   * @param udpIdleTimeout a UDP session without traffic for this long ends
   */
  public record Settings(Duration connectTimeout, Duration udpIdleTimeout) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(3), Duration.ofSeconds(30));
    }
  }

  private final Reactor reactor = new Reactor("proxy-reactor");
  private final ServiceAddresses addresses;
  private final ProxyMetrics metrics;
  private final Settings settings;
  private final Map<ProxyRules.Listen, Listener> listeners = new HashMap<>();
  private final Map<ProxyRules.Listen, ServicePortName> routed = new HashMap<>();
  private final Map<ServicePortName, Route> routes = new HashMap<>();
  private boolean closed;

  public ServiceProxy(ServiceAddresses addresses, ProxyMetrics metrics, Settings settings) {
    this.addresses = addresses;
    this.metrics = metrics;
    this.settings = settings;
  }

  public synchronized void apply(ProxyRules rules) {
    if (closed) return;
    metrics.sync().record(() -> applyNow(rules));
  }

  private void applyNow(ProxyRules rules) {
    Set<ServicePortName> changed = new HashSet<>();
    for (var e : rules.ports().entrySet()) {
      Route r = routes.computeIfAbsent(e.getKey(), k -> new Route(k, new BackendSelector(), metrics.of(k)));
      if (!r.selector().backends().equals(e.getValue().backends())) changed.add(e.getKey());
      r.selector().update(e.getValue().backends(), e.getValue().affinity());
    }
    routes.keySet().retainAll(rules.ports().keySet());
    for (Iterator<Map.Entry<ProxyRules.Listen, Listener>> it = listeners.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      ServicePortName want = rules.listeners().get(e.getKey());
      if (want == null) {
        e.getValue().close();
        routed.remove(e.getKey());
        it.remove();
        log.info("closed {}", e.getKey());
      } else if (!want.equals(routed.get(e.getKey()))) {
        e.getValue().route(routes.get(want));
        routed.put(e.getKey(), want);
      } else if (changed.contains(want)) {
        e.getValue().endpointsChanged();
      }
    }
    for (var e : rules.listeners().entrySet()) {
      if (!listeners.containsKey(e.getKey())) open(e.getKey(), routes.get(e.getValue()));
    }
    Set<String> needed = new HashSet<>();
    for (ProxyRules.Listen l : rules.listeners().keySet()) if (!l.nodePort()) needed.add(l.ip());
    for (String ip : addresses.held()) if (!needed.contains(ip)) addresses.remove(ip);
  }

  private void open(ProxyRules.Listen l, Route route) {
    try {
      if (!l.nodePort()) addresses.add(l.ip());
      InetSocketAddress at = new InetSocketAddress(l.ip(), l.port());
      Listener opened = l.protocol().equals("UDP")
          ? UdpListener.open(reactor, at, route, metrics, settings.udpIdleTimeout())
          : TcpListener.open(reactor, at, route, metrics, settings.connectTimeout());
      listeners.put(l, opened);
      routed.put(l, route.service());
      log.info("serving {} on {}", route.service(), l);
    } catch (IOException e) {
      log.warn("cannot serve {} on {} yet: {}", route.service(), l, Objects.toString(e.getMessage(), e.toString()));
    }
  }

  /** The listeners now bound (for tests and status). */
  public synchronized Set<ProxyRules.Listen> bound() {
    return Set.copyOf(listeners.keySet());
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    listeners.values().forEach(Listener::close);
    listeners.clear();
    reactor.close();
    addresses.close();
  }
}
