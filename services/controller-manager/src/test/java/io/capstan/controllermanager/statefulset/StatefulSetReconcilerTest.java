package io.capstan.controllermanager.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.ObjectHash;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.RevisionHistory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatefulSetReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();

  static StatefulSetBuilder set(int replicas, String policy) {
    return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("sts-uid")
        .withGeneration(2L).withResourceVersion("10").endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName("nginx").withPodManagementPolicy(policy)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate()
        .endUpdateStrategy()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec();
  }

  static String updateRevision(StatefulSet s) {
    return "web-" + ObjectHash.of(RevisionHistory.patchOf(s.getSpec().getTemplate()), null);
  }

  static Pod member(int ordinal, String revision, boolean ready) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("web-" + ordinal).withNamespace("ns")
        .withUid("p" + ordinal).addToLabels("app", "web").addToLabels(RevisionHistory.HASH_LABEL, revision)
        .withOwnerReferences(OwnerRefs.controllerRef(set(1, "OrderedReady").build())).endMetadata()
        .withNewSpec().endSpec();
    if (ready) {
      b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
          .withLastTransitionTime(NOW.minusSeconds(60).toString()).endCondition().endStatus();
    } else {
      b.withNewStatus().withPhase("Pending").endStatus();
    }
    return b.build();
  }

  private void reconcile(StatefulSet s, Pod... pods) throws Exception {
    new StatefulSetReconciler(Caches.of(s), Caches.of(pods), Caches.<ControllerRevision>of(), writer, events,
        Clock.fixed(NOW, ZoneOffset.UTC)).reconcile("ns/web");
  }

  private StatefulSet lastStatus() {
    return (StatefulSet) writer.statusUpdates.get(writer.statusUpdates.size() - 1);
  }

  @Test
  void orderedReadyCreatesTheFirstMissingOrdinalWithItsStableIdentity() throws Exception {
    StatefulSet s = set(3, "OrderedReady").build();
    reconcile(s);

    assertThat(writer.created(Pod.class)).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getName()).isEqualTo("web-0");
      assertThat(p.getSpec().getHostname()).isEqualTo("web-0");
      assertThat(p.getSpec().getSubdomain()).isEqualTo("nginx");
      assertThat(p.getMetadata().getLabels()).containsEntry(StatefulPods.POD_NAME_LABEL, "web-0")
          .containsEntry(StatefulPods.POD_INDEX_LABEL, "0")
          .containsEntry(RevisionHistory.HASH_LABEL, updateRevision(s));
      assertThat(OwnerRefs.isControlledBy(p, "sts-uid")).isTrue();
    });
    assertThat(events.lines).contains("Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful");
    assertThat(writer.created(ControllerRevision.class)).singleElement()
        .satisfies(cr -> assertThat(cr.getMetadata().getName()).isEqualTo(updateRevision(s)));
    assertThat(lastStatus().getStatus().getUpdateRevision()).isEqualTo(updateRevision(s));
    assertThat(lastStatus().getStatus().getCurrentRevision()).isEqualTo(updateRevision(s));
  }

  @Test
  void orderedReadyWaitsForTheLowerOrdinalToBeReady() throws Exception {
    StatefulSet s = set(3, "OrderedReady").build();
    reconcile(s, member(0, updateRevision(s), false));
    assertThat(writer.created(Pod.class)).isEmpty();

    reconcile(s, member(0, updateRevision(s), true));
    assertThat(writer.created(Pod.class)).extracting(p -> p.getMetadata().getName()).containsExactly("web-1");
  }

  @Test
  void parallelCreatesEveryMissingOrdinalAtOnce() throws Exception {
    reconcile(set(3, "Parallel").build());
    assertThat(writer.created(Pod.class)).extracting(p -> p.getMetadata().getName())
        .containsExactly("web-0", "web-1", "web-2");
  }

  @Test
  void scaleDownDeletesTheHighestOrdinalFirstOneAtATime() throws Exception {
    StatefulSet s = set(1, "OrderedReady").build();
    String rev = updateRevision(s);
    reconcile(s, member(0, rev, true), member(1, rev, true), member(2, rev, true));
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("web-2");
    assertThat(lastStatus().getStatus().getReplicas()).isEqualTo(3);
    assertThat(lastStatus().getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void rollingUpdateReplacesFromTheTopDownToThePartition() throws Exception {
    StatefulSet s = set(3, "OrderedReady").editSpec().editUpdateStrategy().editRollingUpdate().withPartition(1)
        .endRollingUpdate().endUpdateStrategy().endSpec().build();
    String rev = updateRevision(s);
    reconcile(s, member(0, "web-old", true), member(1, "web-old", true), member(2, "web-old", true));
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("web-2");
    assertThat(lastStatus().getStatus().getUpdatedReplicas()).isZero();

    writer.deleted.clear();
    reconcile(s, member(0, "web-old", true), member(1, "web-old", true), member(2, rev, true));
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly("web-1");

    writer.deleted.clear();
    reconcile(s, member(0, "web-old", true), member(1, rev, true), member(2, rev, true));
    assertThat(writer.deleted).as("the partition keeps web-0 on the old revision").isEmpty();
    assertThat(lastStatus().getStatus().getUpdatedReplicas()).isEqualTo(2);
  }

  @Test
  void onDeleteNeverReplacesRunningPods() throws Exception {
    StatefulSet s = set(2, "OrderedReady").editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
        .endSpec().build();
    reconcile(s, member(0, "web-old", true), member(1, "web-old", true));
    assertThat(writer.deleted).isEmpty();
    assertThat(writer.created(Pod.class)).isEmpty();
  }

  @Test
  void aPodBelowThePartitionIsRecreatedFromTheCurrentRevision() throws Exception {
    StatefulSet old = set(2, "OrderedReady").build();
    ControllerRevision oldRevision = new io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder()
        .withNewMetadata().withName("web-old").withNamespace("ns").withUid("cr-old")
        .addToLabels(RevisionHistory.HASH_LABEL, "old").withOwnerReferences(OwnerRefs.controllerRef(old)).endMetadata()
        .withData(RevisionHistory.patchOf(old.getSpec().getTemplate())).withRevision(1L).build();
    StatefulSet s = set(2, "OrderedReady").editSpec().editUpdateStrategy().editRollingUpdate().withPartition(1)
        .endRollingUpdate().endUpdateStrategy().editTemplate().editSpec().editFirstContainer().withImage("busybox:2")
        .endContainer().endSpec().endTemplate().endSpec().withNewStatus().withCurrentRevision("web-old").endStatus().build();
    new StatefulSetReconciler(Caches.of(s), Caches.<Pod>of(), Caches.of(oldRevision), writer, events,
        Clock.fixed(NOW, ZoneOffset.UTC)).reconcile("ns/web");

    assertThat(writer.created(Pod.class)).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getLabels()).containsEntry(RevisionHistory.HASH_LABEL, "web-old");
      assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox");
    });
    assertThat(lastStatus().getStatus().getCurrentRevision()).isEqualTo("web-old");
    assertThat(lastStatus().getStatus().getUpdateRevision()).isEqualTo(updateRevision(s));
  }
}
