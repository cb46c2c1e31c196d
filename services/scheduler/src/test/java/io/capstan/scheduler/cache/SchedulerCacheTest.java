package io.capstan.scheduler.cache;

import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {
  private final AtomicLong now = new AtomicLong();
  private final SchedulerCache cache = new SchedulerCache(now::get, Duration.ofSeconds(30));

  @Test
  void assumedPodsCountUntilConfirmedOrForgotten() {
    cache.addOrUpdateNode(node("n", "4", "4Gi", Map.of()));
    Snapshot s = new Snapshot();
    cache.assume(PodInfo.of(pod("p", "1").build(), 0), "n");
    cache.updateSnapshot(s);
    assertThat(s.get("n").requested().milliCpu).isEqualTo(1000);
    Pod bound = pod("p", "1").editSpec().withNodeName("n").endSpec().build();
    cache.addOrUpdatePod(PodInfo.of(bound, 0));
    assertThat(cache.isAssumed("ns/p")).isFalse();
    cache.updateSnapshot(s);
    assertThat(s.get("n").pods()).hasSize(1);
    cache.assume(PodInfo.of(pod("q", "2").build(), 0), "n");
    cache.forget("ns/q");
    cache.updateSnapshot(s);
    assertThat(s.get("n").requested().milliCpu).isEqualTo(1000);
  }

  @Test
  void anAssumptionNeverConfirmedExpiresAfterItsBindingFinished() {
    cache.addOrUpdateNode(node("n", "4", "4Gi", Map.of()));
    cache.assume(PodInfo.of(pod("p", "1").build(), 0), "n");
    cache.cleanupExpiredAssumedPods();
    assertThat(cache.isAssumed("ns/p")).isTrue();
    cache.finishBinding("ns/p");
    now.addAndGet(31_000);
    cache.cleanupExpiredAssumedPods();
    assertThat(cache.isAssumed("ns/p")).isFalse();
  }

  @Test
  void snapshotsCopyOnlyChangedNodesAndDropDeletedOnes() {
    cache.addOrUpdateNode(node("a", "4", "4Gi", Map.of()));
    cache.addOrUpdateNode(node("b", "4", "4Gi", Map.of()));
    Snapshot s = new Snapshot();
    cache.updateSnapshot(s);
    assertThat(s.nodes()).extracting(n -> n.name()).containsExactly("a", "b");
    var a = s.get("a");
    cache.addOrUpdatePod(PodInfo.of(pod("p", "1").editSpec().withNodeName("b").endSpec().build(), 0));
    cache.removeNode("a");
    cache.updateSnapshot(s);
    assertThat(s.nodes()).extracting(n -> n.name()).containsExactly("b");
    assertThat(s.get("b").pods()).hasSize(1);
    assertThat(a.pods()).isEmpty();
  }

  @Test
  void aNodeIsSeenAsLastAddedUntilItIsRemovedEvenWhilePodsStillPointAtIt() {
    assertThat(cache.node("n")).isEmpty();
    cache.addOrUpdateNode(node("n", "4", "4Gi", Map.of()));
    cache.addOrUpdateNode(node("n", "8", "4Gi", Map.of()));
    assertThat(cache.node("n")).hasValueSatisfying(n ->
        assertThat(n.getStatus().getAllocatable().get("cpu").getAmount()).isEqualTo("8"));
    cache.addOrUpdatePod(PodInfo.of(pod("p", "1").editSpec().withNodeName("n").endSpec().build(), 0));
    cache.removeNode("n");
    assertThat(cache.node("n")).isEmpty();
    // A pod bound to a node the cache never saw makes no node appear.
    cache.addOrUpdatePod(PodInfo.of(pod("q", "1").editSpec().withNodeName("m").endSpec().build(), 0));
    assertThat(cache.node("m")).isEmpty();
  }
}
