package io.capstan.controllermanager.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.ObjectHash;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.RevisionHistory;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DaemonSetReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  static DaemonSetBuilder ds(String strategy) {
    return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("ns").withUid("ds-uid")
        .withGeneration(3L).withResourceVersion("10").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
        .withNewUpdateStrategy().withType(strategy).endUpdateStrategy()
        .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec().addToNodeSelector("role", "web").addNewContainer().withName("c").withImage("busybox").endContainer()
        .endSpec().endTemplate().endSpec();
  }

  static Node node(String name, Map<String, String> labels, String taintKey, String effect) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewSpec().endSpec();
    if (taintKey != null) b.editSpec().addNewTaint().withKey(taintKey).withEffect(effect).endTaint().endSpec();
    return b.build();
  }

  static Pod daemonPod(String name, String node, String hash, boolean ready) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .withCreationTimestamp("2025-12-31T00:00:00Z").addToLabels("app", "agent")
        .addToLabels(RevisionHistory.HASH_LABEL, hash)
        .withOwnerReferences(OwnerRefs.controllerRef(ds("RollingUpdate").build())).endMetadata()
        .withNewSpec().withNodeName(node).endSpec();
    if (ready) {
      b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
          .withLastTransitionTime(NOW.minusSeconds(600).toString()).endCondition().endStatus();
    }
    return b.build();
  }

  private DaemonSetReconciler reconciler(DaemonSet ds, List<Node> nodes, Pod... pods) {
    return new DaemonSetReconciler(Caches.of(ds), Caches.of(pods), Caches.of(nodes), Caches.<ControllerRevision>of(),
        writer, events, pool, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String currentHash(DaemonSet ds) {
    return ObjectHash.of(RevisionHistory.patchOf(ds.getSpec().getTemplate()), null);
  }

  private DaemonSet lastStatus() {
    return (DaemonSet) writer.statusUpdates.get(writer.statusUpdates.size() - 1);
  }

  @Test
  void onePodPerEligibleNodePinnedByNodeAffinityWithTheDaemonTolerations() throws Exception {
    Map<String, String> web = Map.of("role", "web");
    List<Node> nodes = List.of(node("n1", web, null, null), node("n2", web, "dedicated", "NoSchedule"),
        node("n3", Map.of(), null, null), node("n4", web, "node.kubernetes.io/unschedulable", "NoSchedule"));
    DaemonSet ds = ds("RollingUpdate").build();
    reconciler(ds, nodes).reconcile("ns/agent");

    List<Pod> created = writer.created(Pod.class);
    assertThat(created).extracting(DaemonPods::targetNode).containsExactlyInAnyOrder("n1", "n4");
    assertThat(created).allSatisfy(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("agent-");
      assertThat(p.getSpec().getNodeName()).isNull();
      assertThat(p.getMetadata().getLabels()).containsEntry(RevisionHistory.HASH_LABEL, currentHash(ds));
      assertThat(OwnerRefs.isControlledBy(p, "ds-uid")).isTrue();
      var terms = p.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
          .getNodeSelectorTerms();
      assertThat(terms).singleElement().satisfies(t -> assertThat(t.getMatchFields()).singleElement()
          .satisfies(r -> assertThat(r.getKey()).isEqualTo("metadata.name")));
      assertThat(p.getSpec().getTolerations()).extracting(Toleration::getKey).contains("node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
          "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable");
    });
    assertThat(events.lines).anyMatch(l -> l.startsWith("Normal SuccessfulCreate Created pod: agent-"));
    ControllerRevision cr = writer.created(ControllerRevision.class).get(0);
    assertThat(cr.getMetadata().getName()).isEqualTo("agent-" + currentHash(ds));
    assertThat(cr.getRevision()).isEqualTo(1L);
    assertThat(cr.getMetadata().getLabels()).containsEntry("app", "agent");
    assertThat(cr.getData()).isEqualTo(RevisionHistory.patchOf(ds.getSpec().getTemplate()));
    assertThat(lastStatus().getStatus().getDesiredNumberScheduled()).isEqualTo(2);
    assertThat(lastStatus().getStatus().getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void podsOnNodesThatNoLongerQualifyAreDeletedAndCountedMisscheduled() throws Exception {
    DaemonSet ds = ds("RollingUpdate").build();
    String hash = currentHash(ds);
    List<Node> nodes = List.of(node("n1", Map.of("role", "web"), null, null), node("n3", Map.of(), null, null));
    reconciler(ds, nodes, daemonPod("p1", "n1", hash, true), daemonPod("p3", "n3", hash, true)).reconcile("ns/agent");

    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("p3");
    assertThat(writer.created(Pod.class)).isEmpty();
    var s = lastStatus().getStatus();
    assertThat(s.getDesiredNumberScheduled()).isEqualTo(1);
    assertThat(s.getCurrentNumberScheduled()).isEqualTo(1);
    assertThat(s.getNumberMisscheduled()).isEqualTo(1);
    assertThat(s.getNumberReady()).isEqualTo(1);
    assertThat(s.getNumberAvailable()).isEqualTo(1);
    assertThat(s.getUpdatedNumberScheduled()).isEqualTo(1);
  }

  @Test
  void aNoExecuteTaintEvictsButANoScheduleTaintLetsARunningDaemonStay() throws Exception {
    DaemonSet ds = ds("RollingUpdate").build();
    String hash = currentHash(ds);
    List<Node> nodes = List.of(node("n1", Map.of("role", "web"), "dedicated", "NoSchedule"),
        node("n2", Map.of("role", "web"), "dedicated", "NoExecute"));
    reconciler(ds, nodes, daemonPod("p1", "n1", hash, true), daemonPod("p2", "n2", hash, true)).reconcile("ns/agent");
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("p2");
  }

  @Test
  void rollingUpdateReplacesOldPodsOneAtATimeAndUnavailableOnesAtOnce() throws Exception {
    DaemonSet ds = ds("RollingUpdate").editSpec().editUpdateStrategy().withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(1)).endRollingUpdate().endUpdateStrategy().endSpec().build();
    Map<String, String> web = Map.of("role", "web");
    List<Node> nodes = List.of(node("n1", web, null, null), node("n2", web, null, null), node("n3", web, null, null),
        node("n4", web, null, null));
    reconciler(ds, nodes, daemonPod("p1", "n1", "old", true), daemonPod("p2", "n2", "old", true),
        daemonPod("p3", "n3", "old", true), daemonPod("p4", "n4", "old", false)).reconcile("ns/agent");

    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).hasSize(2).contains("p4");
    assertThat(lastStatus().getStatus().getUpdatedNumberScheduled()).isZero();
  }

  @Test
  void onDeleteLeavesOldPodsAlone() throws Exception {
    DaemonSet ds = ds("OnDelete").build();
    List<Node> nodes = List.of(node("n1", Map.of("role", "web"), null, null));
    reconciler(ds, nodes, daemonPod("p1", "n1", "old", true)).reconcile("ns/agent");
    assertThat(writer.deleted).isEmpty();
    assertThat(writer.created(Pod.class)).isEmpty();
  }

  @Test
  void duplicatePodsOnANodeKeepOnlyTheOldest() throws Exception {
    DaemonSet ds = ds("RollingUpdate").build();
    String hash = currentHash(ds);
    Pod newer = new PodBuilder(daemonPod("p2", "n1", hash, true)).editMetadata()
        .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
    reconciler(ds, List.of(node("n1", Map.of("role", "web"), null, null)), daemonPod("p1", "n1", hash, true), newer)
        .reconcile("ns/agent");
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("p2");
  }
}
