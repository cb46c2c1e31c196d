package io.capstan.proxy.engine;

/** One port of one Service (kube-proxy's {@code ServicePortName}); {@code port} is the port's name, "" if unnamed. */
public record ServicePortName(String namespace, String name, String port, String protocol) {
  @Override
  public String toString() {
    return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
  }
}
