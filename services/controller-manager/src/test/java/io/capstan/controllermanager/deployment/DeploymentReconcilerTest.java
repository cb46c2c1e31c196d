package io.capstan.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();

  static DeploymentBuilder deployment(String image, int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("d-uid")
        .withGeneration(1L).withResourceVersion("7").addToAnnotations("kubernetes.io/change-cause", "v=" + image).endMetadata()
        .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600).withRevisionHistoryLimit(10)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString("25%")).endRollingUpdate().endStrategy()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().endTemplate()
        .endSpec();
  }

  /** The ReplicaSet the controller would have made for {@code d}, with status as given. */
  static ReplicaSet replicaSetOf(Deployment d, String revision, int replicas, int available, String created) {
    String hash = TemplateHash.of(d.getSpec().getTemplate(), null);
    return new ReplicaSetBuilder().withNewMetadata().withName("web-" + hash).withNamespace("ns").withUid("rs-" + hash)
        .withResourceVersion("3").withCreationTimestamp(created)
        .addToLabels("app", "web").addToLabels(TemplateHash.LABEL, hash).addToAnnotations(Revisions.REVISION, revision)
        .withOwnerReferences(OwnerRefs.controllerRef(d)).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web")
        .addToMatchLabels(TemplateHash.LABEL, hash).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels(TemplateHash.LABEL, hash).endMetadata()
        .withSpec(d.getSpec().getTemplate().getSpec()).endTemplate().endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available).endStatus()
        .build();
  }

  private Result reconcile(Deployment d, ReplicaSet... rss) throws Exception {
    return new DeploymentReconciler(Caches.of(d), Caches.of(rss), writer, events, Clock.fixed(NOW, ZoneOffset.UTC))
        .reconcile("ns/web");
  }

  @Test
  void aNewDeploymentGetsRevisionOneReplicaSetWithTheTemplateHashAndProgressing() throws Exception {
    Deployment d = deployment("busybox:1", 3).build();
    Result r = reconcile(d);

    ReplicaSet rs = writer.created(ReplicaSet.class).get(0);
    String hash = TemplateHash.of(d.getSpec().getTemplate(), null);
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry(TemplateHash.LABEL, hash);
    assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(TemplateHash.LABEL, hash);
    assertThat(rs.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "1")
        .containsEntry("kubernetes.io/change-cause", "v=busybox:1");
    assertThat(OwnerRefs.isControlledBy(rs, "d-uid")).isTrue();
    assertThat(events.lines).contains("Normal ScalingReplicaSet Scaled up replica set web-" + hash + " from 0 to 3");
    Deployment revised = (Deployment) writer.updated.get(0);
    assertThat(revised.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "1");
    Deployment status = (Deployment) writer.statusUpdates.get(0);
    assertThat(status.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Progressing");
      assertThat(c.getReason()).isEqualTo("NewReplicaSetCreated");
    });
    assertThat(r.requeueAfter()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void rollingUpdateSurgesTheNewReplicaSetWithinMaxSurge() throws Exception {
    Deployment v1 = deployment("busybox:1", 4).build();
    Deployment v2 = deployment("busybox:2", 4).editMetadata().withGeneration(2L)
        .addToAnnotations(Revisions.REVISION, "1").endMetadata().build();
    ReplicaSet old = replicaSetOf(v1, "1", 4, 4, "2026-01-01T00:00:00Z");
    reconcile(v2, old);

    ReplicaSet created = writer.created(ReplicaSet.class).get(0);
    assertThat(created.getSpec().getReplicas()).isEqualTo(1); // 4 + 25% surge = 5 total
    assertThat(created.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "2");
  }

  @Test
  void rollingUpdateScalesOldDownOnlyAsFarAsMaxUnavailableAllows() throws Exception {
    Deployment v1 = deployment("busybox:1", 4).build();
    Deployment v2 = deployment("busybox:2", 4).editMetadata().withGeneration(2L)
        .addToAnnotations(Revisions.REVISION, "2").endMetadata().build();
    ReplicaSet old = replicaSetOf(v1, "1", 4, 4, "2026-01-01T00:00:00Z");
    ReplicaSet current = replicaSetOf(v2, "2", 1, 0, "2026-01-01T00:05:00Z");
    reconcile(v2, old, current);

    // 5 pods, minAvailable 3, one new one unavailable: the old set may lose one replica.
    ReplicaSet scaled = (ReplicaSet) writer.updated.stream().filter(o -> o.getMetadata().getName().equals(old.getMetadata().getName()))
        .findFirst().orElseThrow();
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
    assertThat(events.lines).anyMatch(l -> l.contains("Scaled down replica set " + old.getMetadata().getName() + " from 4 to 3"));
  }

  @Test
  void aRolledBackTemplateMakesItsOldReplicaSetNewWithTheNextRevision() throws Exception {
    Deployment v1 = deployment("busybox:1", 2).editMetadata().addToAnnotations(Revisions.REVISION, "2").endMetadata().build();
    Deployment v2 = deployment("busybox:2", 2).build();
    ReplicaSet rs1 = replicaSetOf(v1, "1", 0, 0, "2026-01-01T00:00:00Z");
    ReplicaSet rs2 = replicaSetOf(v2, "2", 2, 2, "2026-01-01T00:05:00Z");
    reconcile(v1, rs1, rs2);

    assertThat(writer.created).isEmpty();
    assertThat(writer.updated).anySatisfy(o -> {
      assertThat(o.getMetadata().getName()).isEqualTo(rs1.getMetadata().getName());
      assertThat(o.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "3");
    });
  }

  @Test
  void recreateScalesOldToZeroAndWaitsForTheirPodsBeforeCreating() throws Exception {
    Deployment v1 = deployment("busybox:1", 2).build();
    Deployment v2 = deployment("busybox:2", 2).editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec().build();
    reconcile(v2, replicaSetOf(v1, "1", 2, 2, "2026-01-01T00:00:00Z"));
    assertThat(writer.updated).anySatisfy(o -> assertThat(((ReplicaSet) o).getSpec().getReplicas()).isZero());
    assertThat(writer.created).isEmpty();

    FakeApiWriter second = new FakeApiWriter();
    ReplicaSet drained = new ReplicaSetBuilder(replicaSetOf(v1, "1", 0, 0, "2026-01-01T00:00:00Z")).build();
    new DeploymentReconciler(Caches.of(v2), Caches.of(drained), second, events, Clock.fixed(NOW, ZoneOffset.UTC))
        .reconcile("ns/web");
    assertThat(second.created(ReplicaSet.class)).singleElement()
        .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(2));
  }

  @Test
  void aPausedDeploymentCreatesNothingAndSaysSo() throws Exception {
    Deployment d = deployment("busybox:2", 2).editSpec().withPaused(true).endSpec().build();
    reconcile(d, replicaSetOf(deployment("busybox:1", 2).build(), "1", 2, 2, "2026-01-01T00:00:00Z"));
    assertThat(writer.created).isEmpty();
    DeploymentCondition c = ((Deployment) writer.statusUpdates.get(0)).getStatus().getConditions().stream()
        .filter(x -> x.getType().equals("Progressing")).findFirst().orElseThrow();
    assertThat(c.getStatus()).isEqualTo("Unknown");
    assertThat(c.getReason()).isEqualTo("DeploymentPaused");
  }

  @Test
  void noProgressPastTheDeadlineIsProgressDeadlineExceeded() throws Exception {
    Deployment d = deployment("busybox:1", 2).editMetadata().addToAnnotations(Revisions.REVISION, "1").endMetadata()
        .withNewStatus().withObservedGeneration(1L).withReplicas(2).withUpdatedReplicas(2).addNewCondition()
        .withType("Progressing").withStatus("True").withReason("ReplicaSetUpdated")
        .withLastUpdateTime("2026-01-01T00:00:00Z").withLastTransitionTime("2026-01-01T00:00:00Z").endCondition()
        .endStatus().editSpec().withProgressDeadlineSeconds(60).endSpec().build();
    reconcile(d, replicaSetOf(d, "1", 2, 0, "2026-01-01T00:00:00Z"));
    DeploymentCondition c = ((Deployment) writer.statusUpdates.get(0)).getStatus().getConditions().stream()
        .filter(x -> x.getType().equals("Progressing")).findFirst().orElseThrow();
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
  }

  @Test
  void oldReplicaSetsBeyondTheHistoryLimitAreDeletedOldestFirst() throws Exception {
    Deployment d = deployment("busybox:3", 1).editMetadata().addToAnnotations(Revisions.REVISION, "3").endMetadata()
        .editSpec().withRevisionHistoryLimit(1).endSpec().build();
    ReplicaSet r1 = replicaSetOf(deployment("busybox:1", 1).build(), "1", 0, 0, "2026-01-01T00:00:00Z");
    ReplicaSet r2 = replicaSetOf(deployment("busybox:2", 1).build(), "2", 0, 0, "2026-01-01T00:01:00Z");
    ReplicaSet r3 = replicaSetOf(d, "3", 1, 1, "2026-01-01T00:02:00Z");
    reconcile(d, r1, r2, r3);
    assertThat(writer.deleted).extracting(FakeApiWriter.Deletion::name).containsExactly(r1.getMetadata().getName());
  }

  @Test
  void theHashIgnoresTheHashLabelAndMapOrder() {
    Deployment a = deployment("busybox:1", 1).build();
    Deployment b = deployment("busybox:1", 1).editSpec().editTemplate().editMetadata()
        .withLabels(Map.of("app", "web")).endMetadata().endTemplate().endSpec().build();
    assertThat(TemplateHash.of(a.getSpec().getTemplate(), null)).isEqualTo(TemplateHash.of(b.getSpec().getTemplate(), null))
        .isNotEqualTo(TemplateHash.of(a.getSpec().getTemplate(), 1)).matches("[bcdfghjklmnpqrstvwxz2456789]+");
  }
}
