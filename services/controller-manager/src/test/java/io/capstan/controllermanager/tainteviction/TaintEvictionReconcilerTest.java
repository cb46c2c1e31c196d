package io.capstan.controllermanager.tainteviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.RecordingEvents;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.TestClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaintEvictionReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private final FakeApiWriter writer = new FakeApiWriter();
  private final RecordingEvents events = new RecordingEvents();

  static Node unreachableSince(Instant added) {
    return new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().addNewTaint()
        .withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").withTimeAdded(added.toString()).endTaint()
        .endSpec().build();
  }

  static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
        .withNewSpec().withNodeName("n1").endSpec();
  }

  static Pod tolerating(Long seconds) {
    return pod().editSpec().addNewToleration().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
        .withEffect("NoExecute").withTolerationSeconds(seconds).endToleration().endSpec().build();
  }

  private Result reconcile(Node node, Pod pod) {
    return new TaintEvictionReconciler(Caches.of(pod), Caches.of(node), writer, events, new TestClock(NOW), n -> true)
        .reconcile("ns/p");
  }

  @Test
  void aPodThatDoesNotTolerateTheTaintIsEvictedAtOnceWithADisruptionTargetCondition() {
    reconcile(unreachableSince(NOW), pod().build());
    assertThat(writer.deleted).containsExactly(new FakeApiWriter.Deletion("Pod", "ns", "p", null));
    Pod marked = (Pod) writer.statusUpdates.get(0);
    assertThat(marked.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionTarget");
      assertThat(c.getReason()).isEqualTo("DeletionByTaintManager");
    });
    assertThat(events.lines).contains("Normal TaintManagerEviction Marking for deletion Pod ns/p");
  }

  @Test
  void aTolerationWithSecondsDelaysTheEvictionFromWhenTheTaintWasAdded() {
    Result r = reconcile(unreachableSince(NOW.minusSeconds(10)), tolerating(300L));
    assertThat(writer.deleted).isEmpty();
    assertThat(r.requeueAfter()).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(291));

    reconcile(unreachableSince(NOW.minusSeconds(301)), tolerating(300L));
    assertThat(writer.deleted).hasSize(1);
  }

  @Test
  void aTolerationWithoutSecondsKeepsThePodForEver() {
    Result r = reconcile(unreachableSince(NOW.minusSeconds(100_000)), tolerating(null));
    assertThat(r.requeues()).isFalse();
    assertThat(writer.deleted).isEmpty();
  }
}
