package io.capstan.controllermanager.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodGcReconcilerTest {
  private final FakeApiWriter writer = new FakeApiWriter();

  static Pod pod(String ns, String name, String node, String phase, String created) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withCreationTimestamp(created).endMetadata()
        .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase(phase).endStatus().build();
  }

  static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private List<String> deleted(List<Node> nodes, int threshold, Pod... pods) {
    new PodGcReconciler(Caches.of(pods), Caches.of(nodes), writer, threshold, ns -> !ns.equals("other")).reconcile("pods");
    return writer.deleted.stream().map(FakeApiWriter.Deletion::name).toList();
  }

  @Test
  void podsOnVanishedNodesGoUnlessALiveReadFindsTheNode() {
    writer.live.put("Node/fresh", node("fresh"));
    List<String> gone = deleted(List.of(node("n1")), 100,
        pod("ns", "on-n1", "n1", "Running", "2026-01-01T00:00:00Z"),
        pod("ns", "on-ghost", "ghost", "Running", "2026-01-01T00:00:00Z"),
        pod("ns", "on-fresh", "fresh", "Running", "2026-01-01T00:00:00Z"),
        pod("other", "out-of-scope", "ghost", "Running", "2026-01-01T00:00:00Z"));
    assertThat(gone).containsExactly("on-ghost");
  }

  @Test
  void theOldestFinishedPodsBeyondTheThresholdGo() {
    List<String> gone = deleted(List.of(node("n1")), 1,
        pod("ns", "old", "n1", "Succeeded", "2026-01-01T00:00:00Z"),
        pod("ns", "mid", "n1", "Failed", "2026-01-01T00:01:00Z"),
        pod("ns", "new", "n1", "Succeeded", "2026-01-01T00:02:00Z"),
        pod("ns", "running", "n1", "Running", "2025-01-01T00:00:00Z"));
    assertThat(gone).containsExactly("old", "mid");
  }

  @Test
  void aZeroThresholdKeepsFinishedPods() {
    assertThat(deleted(List.of(node("n1")), 0, pod("ns", "old", "n1", "Succeeded", "2026-01-01T00:00:00Z"))).isEmpty();
  }
}
