package io.capstan.dns;

import io.capstan.client.bus.BusSettings;
import io.capstan.dns.server.DnsMetrics;
import io.capstan.dns.server.DnsServer;
import io.capstan.dns.server.Forwarder;
import io.capstan.dns.server.QueryHandler;
import io.capstan.dns.zone.ClusterZone;
import io.capstan.dns.zone.ZoneBuilder;
import io.capstan.proxy.informers.ServiceInformers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Cluster DNS without Spring, fed by {@link ServiceInformers}: after each burst of changes
 * ({@code minRebuild} later) a new {@link ClusterZone} replaces the old one, so queries never wait
 * on a lock.
 */
public final class DnsAssembly implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsAssembly.class);

  /**
   * @param listen where to serve (port 53 in a cluster; 0 for a free port)
   * @param resolvConf the host's resolver configuration, for names outside the cluster; null: no forwarding
   * @param namespaces the namespaces whose services get names (all, in production)
   */
  public record Settings(InetSocketAddress listen, String domain, long ttl, Path resolvConf, Duration minRebuild,
      Predicate<String> namespaces) {
    public static Settings of(InetSocketAddress listen) {
      return new Settings(listen, "cluster.local", 5, Path.of("/etc/resolv.conf"), Duration.ofMillis(20), ns -> true);
    }

    public Settings withNamespaces(Predicate<String> filter) {
      return new Settings(listen, domain, ttl, resolvConf, minRebuild, filter);
    }

    public Settings withoutForwarding() {
      return new Settings(listen, domain, ttl, null, minRebuild, namespaces);
    }
  }

  private final Settings settings;
  private final Name origin;
  private final ServiceInformers informers;
  private final DnsMetrics metrics;
  private final ScheduledExecutorService rebuilder = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dns-zone");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile ClusterZone zone;
  private DnsServer server;

  public DnsAssembly(KubernetesClient client, BusSettings bus, Settings settings, MeterRegistry meters) {
    this.settings = settings;
    this.origin = Name.fromConstantString(settings.domain().endsWith(".") ? settings.domain() : settings.domain() + ".");
    this.zone = ClusterZone.empty(origin);
    this.informers = new ServiceInformers("dns", client, bus, settings.namespaces(), meters, this::changed);
    this.metrics = new DnsMetrics(meters);
  }

  private void changed() {
    if (pending.compareAndSet(false, true)) {
      rebuilder.schedule(this::rebuild, settings.minRebuild().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void rebuild() {
    pending.set(false);
    try {
      zone = ZoneBuilder.build(origin, settings.ttl(), informers.services(), informers.slices());
    } catch (RuntimeException e) {
      log.error("rebuilding the cluster zone failed; the previous one stays until the next change", e);
    }
  }

  /** Syncs the informers, builds the first zone, then binds and serves. */
  public void start(Duration timeout) throws InterruptedException, IOException {
    informers.start(timeout);
    rebuild();
    Optional<Forwarder> forwarder = settings.resolvConf() == null ? Optional.empty()
        : Forwarder.fromResolvConf(settings.resolvConf(), settings.listen(), Duration.ofSeconds(2));
    forwarder.ifPresentOrElse(f -> log.info("names outside {} go to {}", origin, f.upstream()),
        () -> log.info("no upstream resolver: names outside {} are SERVFAIL", origin));
    server = DnsServer.start(settings.listen(),
        new QueryHandler(() -> zone, forwarder, settings.ttl(), settings.listen().getAddress()), metrics);
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    if (server != null) server.close();
    rebuilder.shutdownNow();
    informers.close();
  }
}
