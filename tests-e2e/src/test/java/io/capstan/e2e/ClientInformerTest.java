package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.bus.BusSettings;
import io.capstan.client.bus.KafkaEventSource;
import io.capstan.client.bus.TopicProvisioner;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.ApiQuery;
import io.capstan.client.typed.ApiWatchSource;
import io.capstan.client.typed.TypedObjects;
import io.capstan.e2e.support.Fabric8;
import io.capstan.model.bus.BusTopics;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Capstan's own informers against the real cluster: a typed informer that LISTs through the
 * apiserver and follows the Kafka bus (how the scheduler and controllers read), and one that
 * follows a field-selected slice through the apiserver's watch (how a node agent reads its pods).
 */
class ClientInformerTest {
  /** How long the bus or a watch may take to bring a change on a loaded machine. */
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KubernetesClient client;
  private static TopicProvisioner topics;

  @BeforeAll
  static void connect() {
    client = Fabric8.client(ApiServerProcess.shared());
    topics = new TopicProvisioner(BusSettings.local(KafkaProcess.shared().bootstrapServers(), "e2e"));
  }

  @AfterAll
  static void disconnect() {
    topics.close();
    client.close();
  }

  private static ConfigMap cm(String name, String v) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", v).build();
  }

  @Test
  void aKafkaInformerFollowsConfigMapsWrittenThroughTheApi() throws Exception {
    String ns = Fabric8.createNamespace(client, "informer-bus");
    client.configMaps().inNamespace(ns).resource(cm("listed", "0")).create();
    BusSettings bus = BusSettings.local(KafkaProcess.shared().bootstrapServers(), "e2e-informer");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Informer<ConfigMap> informer = Informer.builder("configmaps", TypedObjects.<ConfigMap>access())
        .lister(new ApiListSource<>(client, ConfigMap.class, ns))
        .source(new KafkaEventSource<>(bus, topics, BusTopics.forStoragePrefix("/registry/configmaps"), TypedObjects.decoder(ConfigMap.class)))
        .build()) {
      informer.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(ConfigMap o, boolean initial) {
          if (ns.equals(o.getMetadata().getNamespace())) seen.add("add " + o.getMetadata().getName() + (initial ? " (list)" : ""));
        }

        @Override
        public void onUpdate(ConfigMap old, ConfigMap now) {
          if (ns.equals(now.getMetadata().getNamespace())) seen.add("update " + now.getMetadata().getName() + "=" + now.getData().get("v"));
        }

        @Override
        public void onDelete(ConfigMap o) {
          if (ns.equals(o.getMetadata().getNamespace())) seen.add("delete " + o.getMetadata().getName());
        }
      });
      informer.start();
      assertThat(informer.awaitSynced(Duration.ofSeconds(30))).isTrue();

      client.configMaps().inNamespace(ns).resource(cm("a", "1")).create();
      ConfigMap updated = client.configMaps().inNamespace(ns).withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
      client.configMaps().inNamespace(ns).withName("listed").delete();

      await().atMost(WAIT).untilAsserted(() ->
          assertThat(seen).containsExactly("add listed (list)", "add a", "update a=2", "delete listed"));
      ConfigMap cached = informer.store().get(ns + "/a").orElseThrow();
      assertThat(cached.getMetadata().getResourceVersion()).isEqualTo(updated.getMetadata().getResourceVersion());
      assertThat(cached.getData()).containsEntry("v", "2");
      assertThat(informer.store().inNamespace(ns)).hasSize(1);
    }
  }

  @Test
  void anApiWatchInformerSeesOnlyItsFieldSelectedSlice() throws Exception {
    String ns = Fabric8.createNamespace(client, "informer-slice");
    ApiQuery<Pod> mine = ApiQuery.all(Pod.class).inNamespace(ns).withFields("spec.nodeName=node-a");
    try (Informer<Pod> informer = Informer.builder("pods-node-a", TypedObjects.<Pod>access())
        .lister(new ApiListSource<>(client, mine)).source(new ApiWatchSource<>(client, mine)).build()) {
      informer.start();
      assertThat(informer.awaitSynced(Duration.ofSeconds(30))).isTrue();
      for (String node : List.of("node-a", "node-b", "node-a")) {
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withGenerateName(node + "-").endMetadata()
            .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
            .build()).create();
      }
      await().atMost(WAIT).until(() -> informer.store().size() == 2);
      assertThat(informer.store().list()).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-a"));
    }
  }
}
