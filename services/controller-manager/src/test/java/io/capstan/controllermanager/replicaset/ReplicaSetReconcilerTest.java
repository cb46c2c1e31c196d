package io.capstan.controllermanager.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaSetReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  static ReplicaSet rs(int replicas, int minReady) {
    return new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("rs-uid")
        .withGeneration(2L).withResourceVersion("10").endMetadata()
        .withNewSpec().withReplicas(replicas).withMinReadySeconds(minReady)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("tier", "front").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build();
  }

  static PodBuilder pod(String name, String created) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .withResourceVersion("5").withCreationTimestamp(created).addToLabels("app", "web").addToLabels("tier", "front")
        .endMetadata().withNewSpec().endSpec();
  }

  static Pod owned(String name, String created) {
    return pod(name, created).editMetadata().withOwnerReferences(OwnerRefs.controllerRef(rs(0, 0))).endMetadata().build();
  }

  static Pod ready(Pod p, String node, Instant since) {
    return new PodBuilder(p).editSpec().withNodeName(node).endSpec().withNewStatus().withPhase("Running")
        .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(since.toString()).endCondition()
        .endStatus().build();
  }

  private ReplicaSetReconciler reconciler(ReplicaSet rs, Pod... pods) {
    return new ReplicaSetReconciler(Caches.of(rs), Caches.of(pods), writer, events, pool,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void createsMissingPodsFromTheTemplateOwnedByTheReplicaSet() throws Exception {
    reconciler(rs(3, 0), owned("a", "2026-01-01T00:00:00Z")).reconcile("ns/web");

    List<Pod> created = writer.created(Pod.class);
    assertThat(created).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("web-");
      assertThat(p.getMetadata().getLabels()).containsEntry("app", "web");
      assertThat(OwnerRefs.isControlledBy(p, "rs-uid")).isTrue();
      assertThat(p.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion()).isTrue();
    });
    assertThat(events.lines).contains("Normal SuccessfulCreate Created 2 pod(s)");
    assertThat(writer.statusUpdates).singleElement().satisfies(o -> {
      ReplicaSet s = (ReplicaSet) o;
      assertThat(s.getStatus().getReplicas()).isEqualTo(1);
      assertThat(s.getStatus().getObservedGeneration()).isEqualTo(2L);
    });
  }

  @Test
  void aSecondPassBeforeTheCacheSeesTheCreationsDoesNotOvershoot() throws Exception {
    ReplicaSetReconciler r = reconciler(rs(3, 0));
    r.reconcile("ns/web");
    r.reconcile("ns/web");
    assertThat(writer.created(Pod.class)).hasSize(3);
  }

  @Test
  void scaleDownDeletesUnscheduledThenNotReadyThenNewestFirst() throws Exception {
    Pod oldReady = ready(owned("old-ready", "2026-01-01T00:00:00Z"), "n1", NOW.minusSeconds(600));
    Pod newReady = ready(owned("new-ready", "2026-01-01T00:05:00Z"), "n1", NOW.minusSeconds(60));
    Pod notReady = new PodBuilder(owned("not-ready", "2026-01-01T00:00:00Z")).editSpec().withNodeName("n1").endSpec().build();
    Pod unscheduled = owned("unscheduled", "2025-12-31T00:00:00Z");
    reconciler(rs(1, 0), oldReady, newReady, notReady, unscheduled).reconcile("ns/web");

    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name)
        .containsExactlyInAnyOrder("unscheduled", "not-ready", "new-ready");
  }

  @Test
  void adoptsMatchingOrphansAndReleasesOwnedPodsThatNoLongerMatch() throws Exception {
    Pod orphan = pod("orphan", "2026-01-01T00:00:00Z").build();
    Pod relabeled = new PodBuilder(owned("relabeled", "2026-01-01T00:00:00Z")).editMetadata()
        .withLabels(Map.of("app", "other")).endMetadata().build();
    Pod foreign = pod("foreign", "2026-01-01T00:00:00Z").editMetadata().addNewOwnerReference().withUid("other")
        .withKind("ReplicaSet").withName("x").withController(true).withApiVersion("apps/v1").endOwnerReference()
        .endMetadata().build();
    reconciler(rs(1, 0), orphan, relabeled, foreign).reconcile("ns/web");

    assertThat(writer.updated).hasSize(2);
    Pod adopted = (Pod) writer.updated.stream().filter(p -> p.getMetadata().getName().equals("orphan")).findFirst().orElseThrow();
    assertThat(OwnerRefs.isControlledBy(adopted, "rs-uid")).isTrue();
    Pod released = (Pod) writer.updated.stream().filter(p -> p.getMetadata().getName().equals("relabeled")).findFirst().orElseThrow();
    assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(writer.created).isEmpty();
    assertThat(writer.deleted).isEmpty();
  }

  @Test
  void statusCountsReadyAndAvailableAfterMinReadySecondsAndRequeuesForThePending() throws Exception {
    Pod longReady = ready(owned("a", "2026-01-01T00:00:00Z"), "n1", NOW.minusSeconds(60));
    Pod justReady = ready(owned("b", "2026-01-01T00:00:00Z"), "n1", NOW.minusSeconds(2));
    Pod otherLabels = new PodBuilder(owned("c", "2026-01-01T00:00:00Z")).editMetadata()
        .withLabels(Map.of("app", "web")).endMetadata().build();
    Result r = reconciler(rs(3, 10), longReady, justReady, otherLabels).reconcile("ns/web");

    ReplicaSet s = (ReplicaSet) writer.statusUpdates.get(0);
    assertThat(s.getStatus().getReplicas()).isEqualTo(3);
    assertThat(s.getStatus().getFullyLabeledReplicas()).isEqualTo(2);
    assertThat(s.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(1);
    assertThat(r.requeueAfter()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(9));
  }

  @Test
  void aDeletedReplicaSetIsDone() throws Exception {
    Result r = new ReplicaSetReconciler(Caches.<ReplicaSet>of(), Caches.<Pod>of(), writer, events, pool,
        Clock.systemUTC()).reconcile("ns/gone");
    assertThat(r.requeues()).isFalse();
    assertThat(writer.created).isEmpty();
  }
}
