package io.capstan.controllermanager.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.FakeApiWriter.Deletion;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GarbageCollectorReconcilerTest {
  private final FakeApiWriter writer = new FakeApiWriter();

  static ReplicaSetBuilder rs(String name, String uid) {
    return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(uid)
        .withResourceVersion("4").endMetadata().withNewSpec().endSpec();
  }

  static Pod pod(String name, HasMetadata... owners) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .withResourceVersion("5").endMetadata();
    for (HasMetadata o : owners) b.editMetadata().addToOwnerReferences(OwnerRefs.controllerRef(o)).endMetadata();
    return b.build();
  }

  private GarbageCollectorReconciler gc(List<ReplicaSet> rss, List<Pod> pods) {
    return new GarbageCollectorReconciler(List.of(
        new Monitored(Pod.class, "v1", "Pod", Caches.of(pods)),
        new Monitored(ReplicaSet.class, "apps/v1", "ReplicaSet", Caches.of(rss))), writer);
  }

  @Test
  void aDependentWhoseOwnerIsGoneIsDeletedInTheBackground() {
    ReplicaSet gone = rs("web", "rs-uid").build();
    gc(List.of(), List.of(pod("p", gone))).reconcile("Pod/ns/p");
    assertThat(writer.deleted).containsExactly(new Deletion("Pod", "ns", "p", "Background"));
  }

  @Test
  void anOwnerRecreatedWithAnotherUidCountsAsGone() {
    ReplicaSet old = rs("web", "old-uid").build();
    gc(List.of(rs("web", "new-uid").build()), List.of(pod("p", old))).reconcile("Pod/ns/p");
    assertThat(writer.deleted).extracting(Deletion::name).containsExactly("p");
  }

  @Test
  void anOwnerMissingFromTheCacheButLiveKeepsItsDependent() {
    ReplicaSet fresh = rs("web", "rs-uid").build();
    writer.live.put("ReplicaSet/ns/web", fresh);
    gc(List.of(), List.of(pod("p", fresh))).reconcile("Pod/ns/p");
    assertThat(writer.deleted).isEmpty();
    assertThat(writer.updated).isEmpty();
  }

  @Test
  void goneOwnersAreDroppedFromADependentThatKeepsAnother() {
    ReplicaSet kept = rs("kept", "kept-uid").build();
    ReplicaSet gone = rs("gone", "gone-uid").build();
    Pod p = pod("p", kept);
    p.getMetadata().getOwnerReferences().add(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("apps/v1").withKind("ReplicaSet").withName("gone").withUid("gone-uid").build());
    gc(List.of(kept), List.of(p)).reconcile("Pod/ns/p");
    assertThat(writer.deleted).isEmpty();
    assertThat(writer.updated).singleElement().satisfies(o ->
        assertThat(o.getMetadata().getOwnerReferences()).extracting(r -> r.getUid()).containsExactly("kept-uid"));
    assertThat(gone.getMetadata().getUid()).isEqualTo("gone-uid");
  }

  @Test
  void foregroundDeletionDeletesDependentsAndKeepsTheFinalizerWhileBlockingOnesRemain() {
    ReplicaSet owner = rs("web", "rs-uid").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withFinalizers("foregroundDeletion").endMetadata().build();
    gc(List.of(owner), List.of(pod("a", owner), pod("b", owner))).reconcile("ReplicaSet/ns/web");
    assertThat(writer.deleted).extracting(Deletion::name).containsExactlyInAnyOrder("a", "b");
    assertThat(writer.updated).isEmpty();
  }

  @Test
  void foregroundDeletionRemovesTheFinalizerOnceNoDependentIsLeft() {
    ReplicaSet owner = rs("web", "rs-uid").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withFinalizers("foregroundDeletion").endMetadata().build();
    gc(List.of(owner), List.of()).reconcile("ReplicaSet/ns/web");
    assertThat(writer.updated).singleElement().satisfies(o -> assertThat(o.getMetadata().getFinalizers()).isEmpty());
  }

  @Test
  void orphanDeletionReleasesDependentsThenRemovesTheFinalizer() {
    ReplicaSet owner = rs("web", "rs-uid").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withFinalizers("orphan").endMetadata().build();
    gc(List.of(owner), List.of(pod("a", owner))).reconcile("ReplicaSet/ns/web");
    assertThat(writer.deleted).isEmpty();
    assertThat(writer.updated).hasSize(2);
    assertThat(writer.updated.get(0).getMetadata().getOwnerReferences()).isEmpty();
    assertThat(writer.updated.get(1).getMetadata().getFinalizers()).isEmpty();
  }
}
