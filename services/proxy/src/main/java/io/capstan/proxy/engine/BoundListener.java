package io.capstan.proxy.engine;

/**
 * What a TCP or UDP listener holds besides its socket: the reactor that owns it, the metrics, and
 * the route new connections take (swapped when a service port is re-created on the same address).
 */
abstract class BoundListener implements Listener, Reactor.Handler {
  protected final Reactor reactor;
  protected final ProxyMetrics metrics;
  protected volatile Route route;

  BoundListener(Reactor reactor, Route route, ProxyMetrics metrics) {
    this.reactor = reactor;
    this.route = route;
    this.metrics = metrics;
  }

  @Override
  public final void route(Route route) {
    this.route = route;
  }
}
