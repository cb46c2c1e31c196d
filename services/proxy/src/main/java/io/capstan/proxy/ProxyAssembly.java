package io.capstan.proxy;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.TypedObjects;
import io.capstan.model.bus.BusTopics;
import io.capstan.proxy.address.ServiceAddresses;
import io.capstan.proxy.engine.ProxyMetrics;
import io.capstan.proxy.engine.ProxyRules;
import io.capstan.proxy.engine.ServiceProxy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy of one node, without Spring: Service and EndpointSlice informers (LIST through the
 * apiserver, changes from the Kafka bus) feed a {@link ServiceProxy}. Changes are coalesced: a
 * burst of events leads to one sync {@code minSyncPeriod} later (kube-proxy's
 * {@code --min-sync-period}); every {@code syncPeriod} a full sync retries what failed (an address
 * in use).
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
  private final Informer<Service> services;
  private final Informer<EndpointSlice> slices;
  private final TopicProvisioner topics;
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
    this.topics = new TopicProvisioner(bus);
    this.services = informer("proxy-services", client, bus, Service.class, "/registry/services", meters);
    this.slices = informer("proxy-endpointslices", client, bus, EndpointSlice.class,
        "/registry/discovery.k8s.io/endpointslices", meters);
    this.proxy = new ServiceProxy(addresses, new ProxyMetrics(meters), settings.proxy());
  }

  private <T extends HasMetadata> Informer<T> informer(String name, KubernetesClient client, BusSettings bus,
      Class<T> type, String prefix, MeterRegistry meters) {
    Informer<T> i = Informer.builder(name, TypedObjects.<T>access())
        .lister(new ApiListSource<>(client, type, null))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix(prefix), TypedObjects.decoder(type)))
        .meters(meters).build();
    i.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object, boolean initialList) {
        changed(object);
      }

      @Override
      public void onUpdate(T old, T now) {
        if (old != now) changed(now);
      }

      @Override
      public void onDelete(T lastKnown) {
        changed(lastKnown);
      }
    });
    return i;
  }

  private void changed(HasMetadata o) {
    if (!settings.namespaces().test(o.getMetadata().getNamespace())) return;
    if (syncPending.compareAndSet(false, true)) {
      syncer.schedule(this::sync, settings.minSyncPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Starts the informers, waits until both listed, applies the first sync. */
  public void start(Duration timeout) throws InterruptedException {
    services.start();
    slices.start();
    for (Informer<?> i : List.of(services, slices)) {
      if (!i.awaitSynced(timeout)) throw new IllegalStateException("informer " + i.name() + " did not sync in " + timeout);
    }
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
      Predicate<String> ns = settings.namespaces();
      proxy.apply(ProxyRules.compute(
          services.store().list().stream().filter(s -> ns.test(s.getMetadata().getNamespace())).toList(),
          slices.store().list().stream().filter(s -> ns.test(s.getMetadata().getNamespace())).toList(),
          settings.nodeAddress()));
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
    services.close();
    slices.close();
    topics.close();
    proxy.close();
  }
}
