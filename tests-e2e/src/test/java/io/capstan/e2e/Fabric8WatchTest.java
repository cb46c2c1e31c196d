package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fabric8 watch sees a ConfigMap's whole life: ADDED, MODIFIED, DELETED, in order. */
class Fabric8WatchTest {

  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = Fabric8.client(ApiServerProcess.shared());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // watch() blocks until the watch is established
  void watchSeesAddedModifiedDeleted() {
    String ns = Fabric8.createNamespace(client, "f8-watch");
    List<String> events = new CopyOnWriteArrayList<>();
    List<WatcherException> closed = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.configMaps().inNamespace(ns).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        events.add(action + " " + cm.getMetadata().getName() + " " + cm.getData());
      }

      @Override
      public void onClose(WatcherException cause) {
        closed.add(cause);
      }
    })) {
      client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
          .withNewMetadata().withName("watched").endMetadata().addToData("v", "1").build()).create();
      client.configMaps().inNamespace(ns).withName("watched")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
      client.configMaps().inNamespace(ns).withName("watched").delete();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events).containsExactly(
          "ADDED watched {v=1}", "MODIFIED watched {v=2}", "DELETED watched {v=2}"));
      assertThat(closed).as("the watch closed early").isEmpty();
    }
  }
}
