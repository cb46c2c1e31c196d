package io.capstan.controllermanager.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerRefsTest {
  private static final LabelSelector APP_WEB = new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build();
  private final FakeApiWriter writer = new FakeApiWriter();

  @Test
  void keepsSelectedAdoptsOrphansReleasesUnselectedAndLeavesOthersAlone() {
    ReplicaSet owner = owner("rs-uid", false);
    Pod mine = pod("mine", "web", "rs-uid", false);
    Pod unselected = pod("moved", "db", "rs-uid", false);
    Pod orphan = pod("orphan", "web", null, false);
    Pod others = pod("others", "web", "other-uid", false);

    List<Pod> owned = claim(owner, List.of(mine, unselected, orphan, others));

    assertThat(owned).extracting(p -> p.getMetadata().getName()).containsExactly("mine", "orphan");
    assertThat(writer.updated).extracting(o -> o.getMetadata().getName()).containsExactly("moved", "orphan");
    assertThat(OwnerRefs.controllerOf(writer.updated.get(0))).isEmpty();
    assertThat(OwnerRefs.isControlledBy(writer.updated.get(1), "rs-uid")).isTrue();
  }

  @Test
  void neitherAdoptsNorReleasesWhileTheOwnerOrTheDependentIsBeingDeleted() {
    List<Pod> candidates = List.of(pod("moved", "db", "rs-uid", false), pod("orphan", "web", null, false));
    assertThat(claim(owner("rs-uid", true), candidates)).isEmpty();
    List<Pod> dying = List.of(pod("moved", "db", "rs-uid", true), pod("orphan", "web", null, true));
    assertThat(claim(owner("rs-uid", false), dying)).isEmpty();
    assertThat(writer.updated).isEmpty();
  }

  @Test
  void anOrphanThatFailsTheExtraConditionIsNotAdopted() {
    List<Pod> owned = ControllerRefs.claim(owner("rs-uid", false), List.of(pod("orphan", "web", null, false)),
        p -> LabelSelectors.matches(APP_WEB, p.getMetadata().getLabels()), p -> false, writer);
    assertThat(owned).isEmpty();
    assertThat(writer.updated).isEmpty();
  }

  @Test
  void ownerKeysNameTheControllerOfTheKindOrEverySelectingOwnerOfAnOrphan() {
    ReplicaSet a = owner("a-uid", false);
    ReplicaSet b = new ReplicaSetBuilder(owner("b-uid", false)).editMetadata().withName("b").endMetadata().build();
    assertThat(ControllerRefs.ownerKeys(pod("p", "web", "a-uid", false), "ReplicaSet", List.of(a, b),
        rs -> rs.getSpec().getSelector())).containsExactly("ns/rs");
    assertThat(ControllerRefs.ownerKeys(pod("p", "web", null, false), "ReplicaSet", List.of(a, b),
        rs -> rs.getSpec().getSelector())).containsExactly("ns/rs", "ns/b");
    Pod ofAJob = new PodBuilder(pod("p", "web", null, false)).editMetadata().addNewOwnerReference().withKind("Job")
        .withName("j").withUid("j-uid").withController(true).endOwnerReference().endMetadata().build();
    assertThat(ControllerRefs.ownerKeys(ofAJob, "ReplicaSet", List.of(a, b), rs -> rs.getSpec().getSelector())).isEmpty();
  }

  private List<Pod> claim(ReplicaSet owner, List<Pod> candidates) {
    return ControllerRefs.claim(owner, candidates, p -> LabelSelectors.matches(APP_WEB, p.getMetadata().getLabels()),
        p -> true, writer);
  }

  private static ReplicaSet owner(String uid, boolean deleting) {
    return new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName("rs").withUid(uid)
        .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
        .withNewSpec().withSelector(APP_WEB).endSpec().build();
  }

  private static Pod pod(String name, String app, String controllerUid, boolean deleting) {
    PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withLabels(Map.of("app", app))
        .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata();
    if (controllerUid != null) {
      b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs")
          .withUid(controllerUid).withController(true).endOwnerReference().endMetadata();
    }
    return b.build();
  }
}
