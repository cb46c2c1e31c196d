package io.capstan.cli.cluster;

import java.net.URI;

/**
 * How `up` and `status` tell that a component is ready: an HTTP(S) health URL answering 2xx, or,
 * for a component without an HTTP endpoint (Kafka), a TCP port accepting connections.
 */
public sealed interface Readiness permits Readiness.Http, Readiness.PortOpen, Readiness.UnixSocket {

  static Readiness http(URI url) {
    return new Http(url);
  }

  static Readiness portOpen(String host, int port) {
    return new PortOpen(host, port);
  }

  /** A GET that answers 2xx; HTTPS is verified against the cluster CA. */
  record Http(URI url) implements Readiness {
    @Override
    public String toString() {
      return url.toString();
    }
  }

  static Readiness unixSocket(java.nio.file.Path path) {
    return new UnixSocket(path);
  }

  /** A unix socket accepting connections (the Podman service). */
  record UnixSocket(java.nio.file.Path path) implements Readiness {
    @Override
    public String toString() {
      return "unix://" + path;
    }
  }

  /** A TCP connect that succeeds. */
  record PortOpen(String host, int port) implements Readiness {
    @Override
    public String toString() {
      return "tcp://" + host + ":" + port;
    }
  }
}
