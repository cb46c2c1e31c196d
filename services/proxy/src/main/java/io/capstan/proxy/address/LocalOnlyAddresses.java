package io.capstan.proxy.address;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;

/**
 * For tests without root: adds nothing and accepts only addresses that are already local on any
 * Linux host (127.0.0.0/8), so services in unit tests use cluster IPs like 127.0.0.5.
 */
public final class LocalOnlyAddresses implements ServiceAddresses {
  @Override
  public void add(String ip) throws IOException {
    if (!InetAddress.getByName(ip).isLoopbackAddress()) {
      throw new IOException(ip + " is not a loopback address, and this address manager adds none");
    }
  }

  @Override
  public void remove(String ip) {}

  @Override
  public Set<String> held() {
    return Set.of();
  }

  @Override
  public void close() {}
}
