package io.capstan.controllermanager.framework;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.TypedObjects;
import io.capstan.model.bus.BusTopics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One informer per resource for all controllers (client-go's {@code SharedInformerFactory}): LIST
 * through the apiserver, then the resource's Kafka topic. Every informer is indexed by owner UID
 * ({@link #BY_OWNER}), controller UID ({@link #BY_CONTROLLER}) and UID ({@link #BY_UID}), which the
 * workload controllers and the garbage collector query. Ask for informers (and add indexers)
 * before {@link #start()}.
 */
public final class SharedInformers implements AutoCloseable {
  public static final String BY_OWNER = "owner-uid";
  public static final String BY_CONTROLLER = "controller-uid";
  public static final String BY_UID = "uid";
  /** Pods by {@code spec.nodeName} (other kinds index nothing here). */
  public static final String BY_NODE = "node-name";

  private final KubernetesClient client;
  private final BusSettings bus;
  private final TopicProvisioner topics;
  private final MeterRegistry meters;
  private final Map<Class<?>, Informer<?>> informers = new LinkedHashMap<>();
  private boolean started;

  public SharedInformers(KubernetesClient client, BusSettings bus, MeterRegistry meters) {
    this.client = client;
    this.bus = bus;
    this.topics = new TopicProvisioner(bus);
    this.meters = meters;
  }

  /** The informer of {@code type}, whose objects live under {@code storagePrefix} (e.g. {@code /registry/pods}). */
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> Informer<T> informer(Class<T> type, String storagePrefix) {
    Informer<T> existing = (Informer<T>) informers.get(type);
    if (existing != null) return existing;
    if (started) throw new IllegalStateException("informer for " + type.getSimpleName() + " asked for after start");
    Informer<T> i = Informer.builder("cm-" + type.getSimpleName().toLowerCase(), TypedObjects.<T>access())
        .lister(new ApiListSource<>(client, type, null))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix(storagePrefix), TypedObjects.decoder(type)))
        .meters(meters).build();
    addStandardIndexers(i);
    informers.put(type, i);
    return i;
  }

  public static <T extends HasMetadata> void addStandardIndexers(Informer<T> i) {
    i.addIndexer(BY_OWNER, o -> owners(o, false));
    i.addIndexer(BY_CONTROLLER, o -> owners(o, true));
    i.addIndexer(BY_UID, o -> o.getMetadata().getUid() == null ? List.of() : List.of(o.getMetadata().getUid()));
    i.addIndexer(BY_NODE, o -> o instanceof Pod p && p.getSpec() != null && p.getSpec().getNodeName() != null
        && !p.getSpec().getNodeName().isEmpty() ? List.of(p.getSpec().getNodeName()) : List.of());
  }

  private static List<String> owners(HasMetadata o, boolean controllerOnly) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) return List.of();
    List<String> out = new ArrayList<>(refs.size());
    for (OwnerReference r : refs) {
      if (!controllerOnly || Boolean.TRUE.equals(r.getController())) out.add(r.getUid());
    }
    return out;
  }

  /** Starts every informer and waits until each has listed. */
  public synchronized void start(Duration timeout) throws InterruptedException {
    started = true;
    for (Informer<?> i : informers.values()) i.start();
    for (Informer<?> i : informers.values()) {
      if (!i.awaitSynced(timeout)) throw new IllegalStateException("informer " + i.name() + " did not sync in " + timeout);
    }
  }

  @Override
  public synchronized void close() {
    for (Informer<?> i : informers.values()) i.close();
    topics.close();
  }
}
