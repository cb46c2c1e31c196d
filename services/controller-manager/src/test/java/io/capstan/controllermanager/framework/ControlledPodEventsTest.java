package io.capstan.controllermanager.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlledPodEventsTest {
  private final Controller controller = new Controller("test", key -> Result.done(), 1, new SimpleMeterRegistry(), k -> true);
  private final Expectations expectations = new Expectations();
  private final ControlledPodEvents<ReplicaSet> events = new ControlledPodEvents<>(controller, expectations, "ReplicaSet",
      Caches.of(rs("a", "a-uid"), rs("b", "b-uid")), rs -> rs.getSpec().getSelector(),
      rs -> rs.getSpec().getMinReadySeconds());

  @Test
  void aControlledPodIsObservedAndQueuesOnlyItsOwner() {
    expectations.expectCreations("ns/a", 1);
    events.onAdd(pod("p", "ReplicaSet", "a", "a-uid", false), false);
    assertThat(expectations.satisfied("ns/a")).isTrue();
    assertThat(controller.depth()).isEqualTo(1);
  }

  @Test
  void anOrphanQueuesEverySelectingOwnerAndAPodOfAnotherControllerNone() {
    events.onAdd(pod("p", "Job", "j", "j-uid", false), false);
    assertThat(controller.depth()).isZero();
    events.onAdd(pod("q", null, null, null, false), false);
    assertThat(controller.depth()).isEqualTo(2);
  }

  @Test
  void aReferenceToAReplacedOwnerWithTheSameNameIsNotItsOwner() {
    expectations.expectCreations("ns/a", 1);
    events.onAdd(pod("p", "ReplicaSet", "a", "old-uid", false), false);
    assertThat(expectations.satisfied("ns/a")).isFalse();
    assertThat(controller.depth()).isZero();
  }

  @Test
  void aPodFirstSeenTerminatingCountsAsADeletion() {
    expectations.expectDeletions("ns/a", List.of("ns/p"));
    events.onAdd(pod("p", "ReplicaSet", "a", "a-uid", true), false);
    assertThat(expectations.satisfied("ns/a")).isTrue();
    expectations.expectDeletions("ns/b", List.of("ns/q"));
    Pod q = pod("q", "ReplicaSet", "b", "b-uid", false);
    events.onUpdate(q, pod("q", "ReplicaSet", "b", "b-uid", true));
    assertThat(expectations.satisfied("ns/b")).isTrue();
  }

  private static ReplicaSet rs(String name, String uid) {
    return new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(uid).endMetadata()
        .withNewSpec().withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build()).endSpec()
        .build();
  }

  private static Pod pod(String name, String kind, String owner, String uid, boolean deleting) {
    PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withLabels(Map.of("app", "web"))
        .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata();
    if (kind != null) {
      b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(owner).withUid(uid)
          .withController(true).endOwnerReference().endMetadata();
    }
    return b.build();
  }
}
