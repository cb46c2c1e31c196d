package io.capstan.scheduler.plugins;

import static io.capstan.scheduler.Fixtures.info;
import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.QueuedPodInfo;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** InterPodAffinity, PodTopologySpread, scoring plugins and PrioritySort. */
class PlacementPluginsTest {

  private static Pod web(String name) {
    return pod(name, "0").editMetadata().addToLabels("app", "web").endMetadata().build();
  }

  private static Pod antiWeb(String name) {
    return pod(name, "0").editMetadata().addToLabels("app", "web").endMetadata().editSpec().withNewAffinity()
        .withNewPodAntiAffinity().addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
            .withTopologyKey("zone").withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
        .endPodAntiAffinity().endAffinity().endSpec().build();
  }

  @Test
  void requiredAntiAffinityRejectsTheZoneHoldingAMatchingPod() {
    NodeInfo a = info(node("a", "4", "4Gi", Map.of("zone", "z1")), web("w0"));
    NodeInfo b = info(node("b", "4", "4Gi", Map.of("zone", "z2")));
    InterPodAffinity plugin = new InterPodAffinity();
    CycleState state = new CycleState();
    Pod incoming = antiWeb("w1");
    plugin.preFilter(state, incoming, Snapshot.of(List.of(a, b)));
    assertThat(plugin.filter(state, incoming, a).message()).isEqualTo("node(s) didn't match pod anti-affinity rules");
    assertThat(plugin.filter(state, incoming, b).isSuccess()).isTrue();
  }

  @Test
  void existingPodsAntiAffinityProtectsTheirZone() {
    NodeInfo a = info(node("a", "4", "4Gi", Map.of("zone", "z1")), antiWeb("w0"));
    InterPodAffinity plugin = new InterPodAffinity();
    CycleState state = new CycleState();
    plugin.preFilter(state, web("w1"), Snapshot.of(List.of(a)));
    assertThat(plugin.filter(state, web("w1"), a).message()).isEqualTo("node(s) didn't satisfy existing pods anti-affinity rules");
  }

  @Test
  void requiredAffinityNeedsAMatchingPodInTheDomainExceptForTheFirstOfAGroup() {
    Pod follower = web("f").toBuilder().editSpec().withNewAffinity().withNewPodAffinity()
        .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder().withTopologyKey("zone")
            .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
        .endPodAffinity().endAffinity().endSpec().build();
    NodeInfo empty = info(node("b", "4", "4Gi", Map.of("zone", "z2")));
    InterPodAffinity plugin = new InterPodAffinity();
    CycleState first = new CycleState();
    plugin.preFilter(first, follower, Snapshot.of(List.of(empty)));
    assertThat(plugin.filter(first, follower, empty).isSuccess()).isTrue();
    NodeInfo withWeb = info(node("a", "4", "4Gi", Map.of("zone", "z1")), web("w0"));
    CycleState later = new CycleState();
    plugin.preFilter(later, follower, Snapshot.of(List.of(withWeb, empty)));
    assertThat(plugin.filter(later, follower, withWeb).isSuccess()).isTrue();
    assertThat(plugin.filter(later, follower, empty).message()).isEqualTo("node(s) didn't match pod affinity rules");
  }

  @Test
  void topologySpreadRejectsADomainThatWouldExceedMaxSkew() {
    Pod spread = web("s").toBuilder().editSpec().addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
        .withMaxSkew(1).withTopologyKey("zone").withWhenUnsatisfiable("DoNotSchedule")
        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build()).endSpec().build();
    NodeInfo a = info(node("a", "4", "4Gi", Map.of("zone", "z1")), web("w0"));
    NodeInfo b = info(node("b", "4", "4Gi", Map.of("zone", "z2")));
    NodeInfo unlabelled = info(node("c", "4", "4Gi", Map.of()));
    PodTopologySpread plugin = new PodTopologySpread();
    CycleState state = new CycleState();
    plugin.preFilter(state, spread, Snapshot.of(List.of(a, b, unlabelled)));
    assertThat(plugin.filter(state, spread, a).message()).isEqualTo("node(s) didn't match pod topology spread constraints");
    assertThat(plugin.filter(state, spread, b).isSuccess()).isTrue();
    assertThat(plugin.filter(state, spread, unlabelled).message())
        .isEqualTo("node(s) didn't match pod topology spread constraints (missing required label)");
    // Preemption's what-if: removing w0 from z1 makes z1 acceptable again.
    CycleState copy = state.copy();
    plugin.extensions().removePod(copy, spread, PodInfo.of(web("w0"), 0), a);
    assertThat(plugin.filter(copy, spread, a).isSuccess()).isTrue();
    assertThat(plugin.filter(state, spread, a).isSuccess()).isFalse();
  }

  @Test
  void leastAllocatedPrefersTheEmptierNodeAndMostAllocatedTheFuller() {
    NodeInfo busy = info(node("busy", "4", "8Gi", Map.of()), pod("x", "3").build());
    NodeInfo idle = info(node("idle", "4", "8Gi", Map.of()));
    Pod p = pod("p", "500m").build();
    NodeResourcesFit least = new NodeResourcesFit(Map.of());
    NodeResourcesFit most = new NodeResourcesFit(Map.of("scoringStrategy", "MostAllocated"));
    assertThat(least.score(new CycleState(), p, idle)).isGreaterThan(least.score(new CycleState(), p, busy));
    assertThat(most.score(new CycleState(), p, busy)).isGreaterThan(most.score(new CycleState(), p, idle));
    NodeResourcesFit ratio = new NodeResourcesFit(Map.of("scoringStrategy", "RequestedToCapacityRatio",
        "shape", Map.of("0", Map.of("utilization", 0, "score", 0), "1", Map.of("utilization", 100, "score", 10))));
    assertThat(ratio.score(new CycleState(), p, busy)).isGreaterThan(ratio.score(new CycleState(), p, idle));
  }

  @Test
  void balancedAllocationPrefersEvenCpuAndMemoryUse() {
    NodeInfo even = info(node("even", "4", "4Gi", Map.of()));
    NodeInfo skewed = info(node("skewed", "4", "64Gi", Map.of()));
    Pod p = pod("p", "2").editSpec().editFirstContainer().editResources().addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi"))
        .endResources().endContainer().endSpec().build();
    NodeResourcesBalancedAllocation b = new NodeResourcesBalancedAllocation();
    assertThat(b.score(new CycleState(), p, even)).isGreaterThan(b.score(new CycleState(), p, skewed));
  }

  @Test
  void imageLocalityPrefersNodesHoldingTheImage() {
    NodeInfo has = info(new NodeBuilder(node("has", "4", "4Gi", Map.of())).editStatus().addToImages(new ContainerImageBuilder()
        .withNames("docker.io/library/busybox:latest", "busybox:latest").withSizeBytes(500L * 1024 * 1024).build()).endStatus().build());
    NodeInfo lacks = info(node("lacks", "4", "4Gi", Map.of()));
    ImageLocality plugin = new ImageLocality(null);
    CycleState state = new CycleState();
    plugin.preScore(state, pod("p", "0").build(), List.of(has, lacks), Snapshot.of(List.of(has, lacks)));
    assertThat(plugin.score(state, pod("p", "0").build(), has)).isGreaterThan(0);
    assertThat(plugin.score(state, pod("p", "0").build(), lacks)).isZero();
  }

  @Test
  void nodeAffinityAndTaintTolerationScoreAndNormalise() {
    long[] scores = {0, 2, 4};
    new TaintToleration().normalize(new CycleState(), pod("p", "0").build(), scores);
    assertThat(scores).containsExactly(100, 50, 0);
    long[] prefs = {10, 5, 0};
    new NodeAffinityPlugin().normalize(new CycleState(), pod("p", "0").build(), prefs);
    assertThat(prefs).containsExactly(100, 50, 0);
  }

  @Test
  void prioritySortPutsHigherPriorityFirstThenOlder() {
    PrioritySort sort = new PrioritySort();
    QueuedPodInfo high = new QueuedPodInfo(PodInfo.of(pod("h", "0").build(), 1000), 5, 5, 0, Set.of());
    QueuedPodInfo lowOld = new QueuedPodInfo(PodInfo.of(pod("l", "0").build(), 0), 1, 1, 0, Set.of());
    QueuedPodInfo lowNew = new QueuedPodInfo(PodInfo.of(pod("m", "0").build(), 0), 2, 2, 0, Set.of());
    assertThat(sort.less(high, lowOld)).isTrue();
    assertThat(sort.less(lowOld, lowNew)).isTrue();
    assertThat(sort.less(lowNew, lowOld)).isFalse();
  }
}
