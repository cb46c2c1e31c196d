package io.capstan.proxy.engine;

/** A bound service address (cluster IP or node port) for one protocol. */
interface Listener {
  /** Points new connections at another route (a service port re-created with the same address). */
  void route(Route route);

  /** The route's endpoints changed: drop what must not outlive a removed endpoint (UDP sessions). */
  void endpointsChanged();

  /** Stops accepting; connections already forwarded run to their end (draining). */
  void close();
}
