package io.capstan.proxy.informers;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.TypedObjects;
import io.capstan.model.bus.BusTopics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Services and EndpointSlices a node's service consumers (the proxy, cluster DNS) work from:
 * two informers (LIST through the apiserver, changes from the Kafka bus) that tell one listener
 * about every change in the namespaces of interest. The listener runs on an informer thread and
 * must only schedule work (both consumers coalesce bursts of changes into one rebuild).
 */
public final class ServiceInformers implements AutoCloseable {
  private final Predicate<String> namespaces;
  private final Runnable onChange;
  private final TopicProvisioner topics;
  private final Informer<Service> services;
  private final Informer<EndpointSlice> slices;

  /** @param component names the informers ({@code <component>-services}, {@code <component>-endpointslices}) */
  public ServiceInformers(String component, KubernetesClient client, BusSettings bus, Predicate<String> namespaces,
      MeterRegistry meters, Runnable onChange) {
    this.namespaces = namespaces;
    this.onChange = onChange;
    this.topics = new TopicProvisioner(bus);
    this.services = informer(component + "-services", client, bus, Service.class, "/registry/services", meters);
    this.slices = informer(component + "-endpointslices", client, bus, EndpointSlice.class,
        "/registry/discovery.k8s.io/endpointslices", meters);
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
    if (namespaces.test(o.getMetadata().getNamespace())) onChange.run();
  }

  /** Starts both informers and waits until both have listed. */
  public void start(Duration timeout) throws InterruptedException {
    services.start();
    slices.start();
    for (Informer<?> i : List.of(services, slices)) {
      if (!i.awaitSynced(timeout)) throw new IllegalStateException("informer " + i.name() + " did not sync in " + timeout);
    }
  }

  /** The cached Services of the namespaces of interest. */
  public List<Service> services() {
    return services.store().list().stream().filter(s -> namespaces.test(s.getMetadata().getNamespace())).toList();
  }

  /** The cached EndpointSlices of the namespaces of interest. */
  public List<EndpointSlice> slices() {
    return slices.store().list().stream().filter(s -> namespaces.test(s.getMetadata().getNamespace())).toList();
  }

  @Override
  public void close() {
    services.close();
    slices.close();
    topics.close();
  }
}
