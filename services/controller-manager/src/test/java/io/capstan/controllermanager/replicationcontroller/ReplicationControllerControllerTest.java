package io.capstan.controllermanager.replicationcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.replicaset.ReplicaSetReconciler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ReplicaSet reconciler over ReplicationControllers: owner references, adoption and status name the RC. */
class ReplicationControllerControllerTest {
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  static ReplicationController rc(int replicas) {
    return new ReplicationControllerBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("rc-uid")
        .withGeneration(4L).withResourceVersion("9").endMetadata()
        .withNewSpec().withReplicas(replicas).addToSelector("app", "web")
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build();
  }

  @Test
  void createsPodsOwnedByTheReplicationControllerAdoptsOrphansAndWritesItsStatus() throws Exception {
    ReplicationController rc = rc(2);
    Pod orphan = new PodBuilder().withNewMetadata().withName("orphan").withNamespace("ns").withUid("o-uid")
        .addToLabels("app", "web").endMetadata().withNewSpec().endSpec().build();
    var rcs = Caches.of(rc);
    new ReplicaSetReconciler(ReplicationControllers.view(rcs), Caches.of(orphan),
        new ReplicationControllerWriter(writer, rcs), events, pool, Clock.systemUTC(), ReplicationControllers.KIND)
        .reconcile("ns/web");

    Pod adopted = (Pod) writer.updated.get(0);
    assertThat(adopted.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
      assertThat(r.getKind()).isEqualTo("ReplicationController");
      assertThat(r.getApiVersion()).isEqualTo("v1");
      assertThat(r.getUid()).isEqualTo("rc-uid");
    });
    assertThat(writer.created(Pod.class)).singleElement()
        .satisfies(p -> assertThat(OwnerRefs.isControlledBy(p, "rc-uid")).isTrue())
        .satisfies(p -> assertThat(p.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("ReplicationController"));
    assertThat(writer.statusUpdates).singleElement().isInstanceOfSatisfying(ReplicationController.class, s -> {
      assertThat(s.getStatus().getReplicas()).isEqualTo(1);
      assertThat(s.getStatus().getObservedGeneration()).isEqualTo(4L);
      assertThat(s.getSpec().getSelector()).containsEntry("app", "web");
    });
    assertThat(events.lines).contains("Normal SuccessfulCreate Created 1 pod(s)");
  }
}
