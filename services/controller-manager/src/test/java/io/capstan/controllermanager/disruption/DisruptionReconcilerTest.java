package io.capstan.controllermanager.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisruptionReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();

  private static final Deployment WEB = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("ns")
      .withUid("d-uid").endMetadata().withNewSpec().withReplicas(4).endSpec().build();
  private static final ReplicaSet WEB_RS = new ReplicaSetBuilder().withNewMetadata().withName("web-1").withNamespace("ns")
      .withUid("rs-uid").addNewOwnerReference().withKind("Deployment").withName("web").withUid("d-uid")
      .withController(true).endOwnerReference().endMetadata().withNewSpec().withReplicas(4).endSpec().build();

  static Pod pod(String name, boolean ready, boolean owned) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withLabels(Map.of("app", "web"))
        .endMetadata().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
        .withStatus(ready ? "True" : "False").endCondition().endStatus();
    if (owned) {
      b.editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("web-1").withUid("rs-uid")
          .withController(true).endOwnerReference().endMetadata();
    }
    return b.build();
  }

  static PodDisruptionBudget budget(IntOrString min, IntOrString max, PodDisruptionBudgetStatus status) {
    return new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace("ns").withGeneration(2L)
        .withResourceVersion("7").endMetadata().withNewSpec().withMinAvailable(min).withMaxUnavailable(max)
        .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().endSpec().withStatus(status).build();
  }

  private Result reconcile(PodDisruptionBudget pdb, List<Pod> pods, Instant now) {
    ExpectedScale scale = new ExpectedScale(Caches.<ReplicaSet>of(WEB_RS), Caches.<Deployment>of(WEB),
        Caches.<StatefulSet>of(), Caches.<ReplicationController>of());
    return new DisruptionReconciler(Caches.of(pdb), Caches.of(pods), scale, writer, events,
        Clock.fixed(now, ZoneOffset.UTC)).reconcile("ns/web");
  }

  private PodDisruptionBudgetStatus written() {
    assertThat(writer.statusUpdates).hasSize(1);
    return ((PodDisruptionBudget) writer.statusUpdates.get(0)).getStatus();
  }

  @Test
  void minAvailableIntegerCountsTheSelectedPods() {
    List<Pod> pods = List.of(pod("a", true, false), pod("b", true, false), pod("c", false, false));
    reconcile(budget(new IntOrString(1), null, null), pods, NOW);
    PodDisruptionBudgetStatus s = written();
    assertThat(List.of(s.getExpectedPods(), s.getDesiredHealthy(), s.getCurrentHealthy(), s.getDisruptionsAllowed()))
        .containsExactly(3, 1, 2, 1);
    assertThat(s.getObservedGeneration()).isEqualTo(2L);
    assertThat(s.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("SufficientPods");
    });
  }

  @Test
  void maxUnavailablePercentUsesTheDeploymentsReplicasRoundedUp() {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 4; i++) pods.add(pod("p" + i, i < 3, true));
    reconcile(budget(null, new IntOrString("30%"), null), pods, NOW);
    PodDisruptionBudgetStatus s = written();
    // 30% of 4 rounds up to 2 unavailable: 2 must stay healthy, 3 are, so 1 may go.
    assertThat(List.of(s.getExpectedPods(), s.getDesiredHealthy(), s.getCurrentHealthy(), s.getDisruptionsAllowed()))
        .containsExactly(4, 2, 3, 1);
  }

  @Test
  void anEvictedPodCountsAsGoneUntilItsEntryExpires() {
    List<Pod> pods = List.of(pod("a", true, false), pod("b", true, false));
    PodDisruptionBudgetStatus afterEviction = new PodDisruptionBudgetStatus(null, 2, 1,
        Map.of("a", NOW.minusSeconds(30).toString(), "gone", NOW.minusSeconds(10).toString()), 0, 2, 2L);
    Result r = reconcile(budget(new IntOrString(1), null, afterEviction), pods, NOW);
    PodDisruptionBudgetStatus s = written();
    assertThat(s.getCurrentHealthy()).isEqualTo(1);
    assertThat(s.getDisruptionsAllowed()).isZero();
    assertThat(s.getDisruptedPods()).containsOnlyKeys("a");
    assertThat(r.requeueAfter()).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(91));
    writer.statusUpdates.clear();
    reconcile(budget(new IntOrString(1), null, afterEviction), pods, NOW.plusSeconds(120));
    assertThat(written().getDisruptionsAllowed()).isEqualTo(1);
  }

  @Test
  void aPodWhoseControllerIsUnknownAllowsNoDisruption() {
    Pod orphanedByJob = new PodBuilder(pod("j", true, false)).editMetadata().addNewOwnerReference().withKind("Job")
        .withName("batch").withUid("job-uid").withController(true).endOwnerReference().endMetadata().build();
    PodDisruptionBudgetStatus old = new PodDisruptionBudgetStatus(null, 1, 0, null, 1, 1, 2L);
    reconcile(budget(null, new IntOrString(1), old), List.of(orphanedByJob), NOW);
    PodDisruptionBudgetStatus s = written();
    assertThat(s.getDisruptionsAllowed()).isZero();
    assertThat(s.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("SyncFailed");
      assertThat(c.getMessage()).isEqualTo("found no controllers for pod \"j\"");
    });
    assertThat(events.lines).anySatisfy(l -> assertThat(l).startsWith("Warning CalculateExpectedPodCountFailed "));
  }

  @Test
  void anUnchangedStatusIsNotWritten() {
    List<Pod> pods = List.of(pod("a", true, false), pod("b", true, false));
    reconcile(budget(new IntOrString(1), null, null), pods, NOW);
    PodDisruptionBudgetStatus first = written();
    writer.statusUpdates.clear();
    reconcile(budget(new IntOrString(1), null, first), pods, NOW.plusSeconds(5));
    assertThat(writer.statusUpdates).isEmpty();
  }
}
