package io.capstan.proxy.engine;

import java.net.InetSocketAddress;

/** One endpoint of a service port: a pod IP and the port it serves on. */
public record Backend(String ip, int port) implements Comparable<Backend> {
  public InetSocketAddress address() {
    return new InetSocketAddress(ip, port);
  }

  @Override
  public int compareTo(Backend o) {
    int c = ip.compareTo(o.ip);
    return c != 0 ? c : Integer.compare(port, o.port);
  }

  @Override
  public String toString() {
    return ip + ":" + port;
  }
}
