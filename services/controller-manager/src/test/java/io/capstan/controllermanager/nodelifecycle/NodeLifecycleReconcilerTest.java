package io.capstan.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.TestClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLifecycleReconcilerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();
  private final TestClock clock = new TestClock(T0);
  private final NodeLifecycleSettings settings = NodeLifecycleSettings.defaults()
      .withNodeScope(NodeLifecycleSettings.labelled("capstan.io/cluster", "wc"));

  static NodeBuilder node(String name, String ready, boolean inScope) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withResourceVersion("3").endMetadata()
        .withNewSpec().addNewTaint().withKey("dedicated").withValue("db").withEffect("NoSchedule").endTaint().endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).withReason("KubeletReady")
        .withLastHeartbeatTime(T0.minusSeconds(5).toString()).endCondition()
        .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition().endStatus();
    if (inScope) b.editMetadata().addToLabels("capstan.io/cluster", "wc").endMetadata();
    return b;
  }

  static Lease lease(String name) {
    return new LeaseBuilder().withNewMetadata().withName(name).withNamespace("kube-node-lease").endMetadata()
        .withNewSpec().withHolderIdentity(name).withRenewTime(T0.minusSeconds(1).atZone(ZoneOffset.UTC)).endSpec().build();
  }

  static Pod readyPodOn(String node) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("p-uid").endMetadata()
        .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase("Running").addNewCondition()
        .withType("Ready").withStatus("True").endCondition().endStatus().build();
  }

  private NodeLifecycleReconciler reconciler(Node node, Pod... pods) {
    return new NodeLifecycleReconciler(Caches.of(node), Caches.of(lease(node.getMetadata().getName())), Caches.of(pods),
        writer, events, clock, settings);
  }

  private static List<String> taintKeys(Node n) {
    return n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  @Test
  void aNodeWhoseLeaseIsNotRenewedGoesUnknownAfterTheGracePeriodIsTaintedAndItsPodsAreNotReady() {
    NodeLifecycleReconciler r = reconciler(node("n1", "True", true).build(), readyPodOn("n1"));
    Result first = r.reconcile("n1");
    assertThat(first.requeueAfter()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(41));
    assertThat(writer.statusUpdates).isEmpty();
    assertThat(writer.updated).isEmpty();

    clock.advance(Duration.ofSeconds(41));
    r.reconcile("n1");

    Node status = (Node) writer.statusUpdates.stream().filter(Node.class::isInstance).findFirst().orElseThrow();
    assertThat(status.getStatus().getConditions()).extracting(NodeCondition::getType)
        .containsExactlyInAnyOrder("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    assertThat(status.getStatus().getConditions()).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("Unknown"));
    NodeCondition ready = status.getStatus().getConditions().get(0);
    assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    Node tainted = (Node) writer.updated.get(0);
    assertThat(taintKeys(tainted)).containsExactlyInAnyOrder("dedicated:NoSchedule",
        "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
    assertThat(tainted.getSpec().getTaints()).filteredOn(t -> "NoExecute".equals(t.getEffect()))
        .extracting(Taint::getTimeAdded).containsExactly(T0.plusSeconds(41).toString());
    Pod pod = (Pod) writer.statusUpdates.stream().filter(Pod.class::isInstance).findFirst().orElseThrow();
    assertThat(pod.getStatus().getConditions().get(0).getStatus()).isEqualTo("False");
    assertThat(events.lines).contains("Normal NodeNotReady Node n1 status is now: NodeNotReady");
  }

  @Test
  void aNodeOutsideTheScopeIsLeftAlone() {
    NodeLifecycleReconciler r = reconciler(node("bare", "True", false).build());
    r.reconcile("bare");
    clock.advance(Duration.ofMinutes(10));
    assertThat(r.reconcile("bare").requeues()).isFalse();
    assertThat(writer.statusUpdates).isEmpty();
    assertThat(writer.updated).isEmpty();
  }

  @Test
  void aReadyNodeLosesTheUnreachableTaintsAndANotReadyOneGetsNotReadyTaints() {
    Node back = node("n1", "True", true).editSpec().addNewTaint().withKey("node.kubernetes.io/unreachable")
        .withEffect("NoExecute").endTaint().endSpec().build();
    reconciler(back).reconcile("n1");
    assertThat(taintKeys((Node) writer.updated.get(0))).containsExactly("dedicated:NoSchedule");

    writer.updated.clear();
    reconciler(node("n2", "False", true).build()).reconcile("n2");
    assertThat(taintKeys((Node) writer.updated.get(0))).containsExactlyInAnyOrder("dedicated:NoSchedule",
        "node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute");
  }

  @Test
  void aCordonedNodeGetsTheUnschedulableTaint() {
    reconciler(node("n1", "True", true).editSpec().withUnschedulable(true).endSpec().build()).reconcile("n1");
    assertThat(taintKeys((Node) writer.updated.get(0))).contains("node.kubernetes.io/unschedulable:NoSchedule");
  }
}
