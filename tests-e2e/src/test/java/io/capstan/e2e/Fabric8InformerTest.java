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
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fabric8's own {@link SharedIndexInformer} (LIST with resourceVersion=0, then WebSocket
 * watches) against the watch cache: it sees every change, and after the apiserver restarts —
 * its cache rebuilt from a fresh LIST, older revisions now answering 410 — it relists and
 * carries on. A watch from a revision etcd has compacted away gets 410 Expired.
 */
class Fabric8InformerTest {
  /** How long an informer may take to hear of a change on a loaded machine. */
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = Fabric8.client(ApiServerProcess.shared());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static ConfigMap cm(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
  }

  @Test
  void sharedIndexInformerSeesChangesAndResyncsAfterTheApiserverRestarts() throws Exception {
    String ns = Fabric8.createNamespace(client, "f8-informer");
    client.configMaps().inNamespace(ns).resource(cm("before", "1")).create();
    List<String> events = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        events.add("add " + o.getMetadata().getName() + "=" + o.getData().get("v"));
      }

      @Override
      public void onUpdate(ConfigMap old, ConfigMap now) {
        if (!old.getMetadata().getResourceVersion().equals(now.getMetadata().getResourceVersion())) {
          events.add("update " + now.getMetadata().getName() + "=" + now.getData().get("v"));
        }
      }

      @Override
      public void onDelete(ConfigMap o, boolean unknownFinalState) {
        events.add("delete " + o.getMetadata().getName());
      }
    }, 0);
    try {
      await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);
      client.configMaps().inNamespace(ns).resource(cm("a", "1")).create();
      client.configMaps().inNamespace(ns).withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
      client.configMaps().inNamespace(ns).withName("before").delete();
      await().atMost(WAIT).untilAsserted(() ->
          assertThat(events).containsExactly("add before=1", "add a=1", "update a=2", "delete before"));

      ApiServerProcess.shared().restart();

      // Changes made after the restart reach the same informer: its watch was cut, it re-watched
      // (or relisted on 410) and the store converges on the truth.
      client.configMaps().inNamespace(ns).resource(cm("after", "3")).create();
      client.configMaps().inNamespace(ns).withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "4").build());
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<String, String> cached = new java.util.TreeMap<>();
        informer.getStore().list().forEach(c -> cached.put(c.getMetadata().getName(), c.getData().get("v")));
        assertThat(cached).containsExactly(Map.entry("a", "4"), Map.entry("after", "3"));
      });
      // fabric8 updates the store first and calls handlers later on their own executor: the
      // handlers may not have heard yet of what the store already holds.
      await().atMost(WAIT).untilAsserted(() -> assertThat(events).contains("add after=3", "update a=4"));
    } finally {
      informer.close();
    }
  }

  @Test
  void aWatchFromACompactedRevisionIsExpired() {
    String ns = Fabric8.createNamespace(client, "f8-expired");
    // Revision 1 predates the watch cache, so etcd answers; the suite's apiserver compacts etcd
    // every 10 s, after which revision 1 is gone and the answer is 410 Expired.
    AtomicReference<WatcherException> expired = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      AtomicReference<WatcherException> closed = new AtomicReference<>();
      try (Watch ignored = client.configMaps().inNamespace(ns).withResourceVersion("1").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {}

        @Override
        public void onClose(WatcherException cause) {
          closed.set(cause);
        }
      })) {
        // Long enough for a loaded machine's 410 to arrive; a watch still open after it is served.
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
        expired.set(closed.get());
        return closed.get().isHttpGone();
      } catch (org.awaitility.core.ConditionTimeoutException stillServed) {
        return false; // etcd still holds that history: try again after the next compaction
      }
    });
    assertThat(expired.get().getMessage()).contains("too old resource version");
  }
}
