package io.capstan.proxy.address;

import java.io.IOException;
import java.util.Set;

/**
 * Makes service IPs local addresses of the node, so the proxy can bind them and pods reach them
 * through their default route (the pod bridge's gateway is the host). Implementations must be
 * idempotent and remove, on {@link #close}, every address they added.
 */
public interface ServiceAddresses extends AutoCloseable {
  /** Makes {@code ip} a local address; a no-op when it is one already. */
  void add(String ip) throws IOException;

  /** Removes {@code ip} if this manager added it (or adopted it from an earlier run). */
  void remove(String ip);

  /** The addresses this manager holds. */
  Set<String> held();

  /** Removes every address in {@link #held()}. */
  @Override
  void close();
}
