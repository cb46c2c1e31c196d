package io.capstan.dns.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends names outside the cluster's zones to the host's resolver: the first {@code nameserver}
 * of {@code /etc/resolv.conf} that is not this server itself. Absent when none is configured,
 * in which case such queries are answered SERVFAIL without leaving the node.
 */
public final class Forwarder {
  private final SimpleResolver resolver;
  private final InetSocketAddress upstream;

  private Forwarder(InetSocketAddress upstream, Duration timeout) {
    this.upstream = upstream;
    this.resolver = new SimpleResolver(upstream);
    resolver.setTimeout(timeout);
  }

  /** A forwarder to one upstream server (tests: a fake on loopback). */
  public static Forwarder to(InetSocketAddress upstream, Duration timeout) {
    return new Forwarder(upstream, timeout);
  }

  /** @param self this server's own address, never forwarded to (a loop) */
  public static Optional<Forwarder> fromResolvConf(Path resolvConf, InetSocketAddress self, Duration timeout) {
    List<String> lines;
    try {
      lines = Files.readAllLines(resolvConf);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String ns : nameservers(lines)) {
      InetSocketAddress candidate;
      try {
        candidate = new InetSocketAddress(InetAddress.getByName(ns), 53);
      } catch (IOException e) {
        continue;
      }
      if (candidate.equals(self)) continue;
      return Optional.of(new Forwarder(candidate, timeout));
    }
    return Optional.empty();
  }

  static List<String> nameservers(List<String> resolvConf) {
    List<String> out = new ArrayList<>();
    for (String line : resolvConf) {
      String[] f = line.trim().split("\\s+");
      // Only literal addresses: a name here would itself need resolving.
      if (f.length >= 2 && f[0].equals("nameserver") && f[1].matches("[0-9a-fA-F:.]+")) out.add(f[1]);
    }
    return out;
  }

  public InetSocketAddress upstream() {
    return upstream;
  }

  public CompletionStage<Message> forward(Message query) {
    try {
      return resolver.sendAsync(query.clone());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
