package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fabric8 informer whose resourceVersion expired while the apiserver was away: its re-watch
 * gets 410 Expired and it recovers by relisting, learning of a deletion it never saw as an event
 * (fabric8 reports that as a delete with an unknown final state, which only a relist produces).
 */
class WatchExpiryRecoveryTest {
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
  void anInformerRelistsAfterItsRevisionWasCompactedAway() throws Exception {
    String ns = Fabric8.createNamespace(client, "expiry");
    for (String name : List.of("kept", "gone")) {
      client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
    List<String> deletes = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {}

      @Override
      public void onUpdate(ConfigMap old, ConfigMap now) {}

      @Override
      public void onDelete(ConfigMap o, boolean finalStateUnknown) {
        deletes.add(o.getMetadata().getName() + (finalStateUnknown ? " (found by relist)" : " (event)"));
      }
    }, 0);
    ApiServerProcess api = ApiServerProcess.shared();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> informer.hasSynced() && informer.getStore().list().size() == 2);
      api.stop();
      // While the apiserver is away: the object goes, and etcd forgets the history the informer
      // would need to hear about it (Kubernetes' apiserver compacts every 5 minutes).
      try (Client etcd = Client.builder().endpoints(EtcdProcess.shared().endpoint()).build()) {
        etcd.getKVClient().delete(ByteSequence.from("/registry/configmaps/" + ns + "/gone", StandardCharsets.UTF_8))
            .get(10, TimeUnit.SECONDS);
        long now = etcd.getKVClient().get(ByteSequence.from("\0", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)
            .getHeader().getRevision();
        etcd.getKVClient().compact(now).get(10, TimeUnit.SECONDS);
      }
      api.start();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName()).containsExactly("kept");
        assertThat(deletes).containsExactly("gone (found by relist)");
      });
    } finally {
      informer.close();
    }
  }
}
