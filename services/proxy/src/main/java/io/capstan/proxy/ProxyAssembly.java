package io.capstan.proxy;

import io.capstan.client.bus.BusSettings;
import io.capstan.proxy.address.ServiceAddresses;
import io.capstan.proxy.engine.ProxyMetrics;
import io.capstan.proxy.engine.ProxyRules;
import io.capstan.proxy.engine.ServiceProxy;
import io.capstan.proxy.informers.ServiceInformers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy of one node, without Spring: {@link ServiceInformers} feed a {@link ServiceProxy}.
 * Changes are coalesced: a burst of events leads to one sync {@code minSyncPeriod} later
 * (kube-proxy's {@code --min-sync-period}); every {@code syncPeriod} a full sync retries what
 * failed (an address in use).
 */
public final class ProxyAssembly implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyAssembly.class);

  /**
   * @param nodeAddress where node ports listen (0.0.0.0: every address of the node)
   * @param namespaces the namespaces whose services this proxy serves (all, in production)
   */
  public record Settings(String nodeAddress, Duration minSyncPeriod, Duration syncPeriod, Predicate<String> namespaces,
      ServiceProxy.Settings proxy) {
    public static Settings defaults() {
      return new Settings("0.0.0.0", Duration.ofMillis(20), Duration.ofSeconds(30), ns -> true,
          ServiceProxy.Settings.defaults());
    }

    public Settings withNamespaces(Predicate<String> filter) {
      return new Settings(nodeAddress, minSyncPeriod, syncPeriod, filter, proxy);
    }

    public Settings withNodeAddress(String address) {
      return new Settings(address, minSyncPeriod, syncPeriod, namespaces, proxy);
    }
  }

  private final Settings settings;
  private final ServiceInformers informers;
  private final ServiceProxy proxy;
  private final ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "proxy-sync");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean syncPending = new AtomicBoolean();

  public ProxyAssembly(KubernetesClient client, BusSettings bus, ServiceAddresses addresses, Settings settings,
      MeterRegistry meters) {
    this.settings = settings;
    this.informers = new ServiceInformers("proxy", client, bus, settings.namespaces(), meters, this::changed);
    this.proxy = new ServiceProxy(addresses, new ProxyMetrics(meters), settings.proxy());
  }

  private void changed() {
    if (syncPending.compareAndSet(false, true)) {
      syncer.schedule(this::sync, settings.minSyncPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Starts the informers, waits until both listed, applies the first sync. */
  public void start(Duration timeout) throws InterruptedException {
    informers.start(timeout);
    syncPending.set(true);
    syncer.execute(this::sync);
    long period = settings.syncPeriod().toMillis();
    syncer.scheduleWithFixedDelay(() -> {
      syncPending.set(true);
      sync();
    }, period, period, TimeUnit.MILLISECONDS);
  }

  private void sync() {
    syncPending.set(false);
    try {
      proxy.apply(ProxyRules.compute(informers.services(), informers.slices(), settings.nodeAddress()));
    } catch (RuntimeException e) {
      log.error("proxy sync failed; the next change or the periodic sync retries", e);
    }
  }

  public ServiceProxy proxy() {
    return proxy;
  }

  /** Stops forwarding and removes the service addresses this proxy added. */
  @Override
  public void close() {
    syncer.shutdownNow();
    try {
      syncer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    informers.close();
    proxy.close();
  }
}
