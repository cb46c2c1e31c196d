package io.capstan.scheduler.plugins;

import static io.capstan.scheduler.Fixtures.info;
import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.Fixtures;
import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.Framework;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Parallelizer;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-node work on the scheduler's workers, and the plugins that use it giving the single-threaded answers. */
class PerNodeWorkTest {
  private final Parallelizer parallel = new Parallelizer(4);
  private final Framework framework = new Framework(ProfileSpec.defaults("d"), InTreePlugins.registry(), new Fixtures.FakeWriter(), p -> 0);

  {
    framework.useParallelizer(parallel);
  }

  @AfterEach
  void stop() {
    parallel.close();
  }

  @Test
  void returnsEachNodesResultInNodeOrderFromEveryWorker() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) nodes.add(info(node("n" + i, "4", "4Gi", Map.of())));
    List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> names = PerNodeWork.map(framework, nodes, n -> {
      threads.add(Thread.currentThread().getName());
      return n.name().endsWith("7") ? null : n.name();
    });
    assertThat(names).hasSize(1000);
    for (int i = 0; i < 1000; i++) assertThat(names.get(i)).isEqualTo(i % 10 == 7 ? null : "n" + i);
    assertThat(threads).hasSize(1000);
    assertThat(PerNodeWork.map(null, nodes, NodeInfo::name)).containsExactlyElementsOf(nodes.stream().map(NodeInfo::name).toList());
  }

  private static List<NodeInfo> cluster() {
    Random random = new Random(42);
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Map<String, String> labels = i % 50 == 0 ? Map.of("disk", "ssd") : Map.of("zone", "z" + (i % 7), "disk", i % 3 == 0 ? "ssd" : "hdd");
      List<Pod> pods = new ArrayList<>();
      for (int j = 0; j < random.nextInt(4); j++) {
        Pod p = pod("p" + i + "-" + j, "0").editMetadata().addToLabels("app", random.nextBoolean() ? "web" : "db").endMetadata().build();
        pods.add(random.nextInt(5) == 0 ? antiWeb(p) : p);
      }
      nodes.add(info(node("n" + i, "4", "4Gi", labels), pods.toArray(Pod[]::new)));
    }
    return nodes;
  }

  private static Pod antiWeb(Pod p) {
    return p.toBuilder().editSpec().withNewAffinity().withNewPodAntiAffinity().addToRequiredDuringSchedulingIgnoredDuringExecution(
        new PodAffinityTermBuilder().withTopologyKey("zone").withLabelSelector(new LabelSelectorBuilder()
            .addToMatchLabels("app", "web").build()).build()).endPodAntiAffinity().endAffinity().endSpec().build();
  }

  @Test
  void topologySpreadFiltersAndScoresAlikeOnOneThreadAndOnTheWorkers() {
    List<NodeInfo> nodes = cluster();
    Snapshot snapshot = Snapshot.of(nodes);
    Pod incoming = pod("s", "0").editMetadata().addToLabels("app", "web").endMetadata().editSpec().addToNodeSelector("disk", "ssd")
        .addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(2).withTopologyKey("zone")
            .withWhenUnsatisfiable("DoNotSchedule").withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
        .addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey("zone")
            .withWhenUnsatisfiable("ScheduleAnyway").withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build()).build())
        .endSpec().build();
    PodTopologySpread single = new PodTopologySpread();
    PodTopologySpread workers = new PodTopologySpread(framework);
    CycleState a = new CycleState();
    CycleState b = new CycleState();
    single.preFilter(a, incoming, snapshot);
    workers.preFilter(b, incoming, snapshot);
    single.preScore(a, incoming, nodes, snapshot);
    workers.preScore(b, incoming, nodes, snapshot);
    int rejected = 0;
    for (NodeInfo n : nodes) {
      assertThat(workers.filter(b, incoming, n).message()).as(n.name()).isEqualTo(single.filter(a, incoming, n).message());
      if (!single.filter(a, incoming, n).isSuccess()) rejected++;
      assertThat(workers.score(b, incoming, n)).as(n.name()).isEqualTo(single.score(a, incoming, n));
    }
    assertThat(rejected).isBetween(1, nodes.size() - 1);
  }

  @Test
  void interPodAffinityFiltersAndScoresAlikeOnOneThreadAndOnTheWorkers() {
    List<NodeInfo> nodes = cluster();
    Snapshot snapshot = Snapshot.of(nodes);
    Pod incoming = pod("w", "0").editMetadata().addToLabels("app", "web").endMetadata().editSpec().withNewAffinity()
        .withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withPodAffinityTerm(
            new PodAffinityTermBuilder().withTopologyKey("zone").withLabelSelector(new LabelSelectorBuilder()
                .addToMatchLabels("app", "db").build()).build()).endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity().endAffinity().endSpec().build();
    InterPodAffinity single = new InterPodAffinity();
    InterPodAffinity workers = new InterPodAffinity(framework);
    CycleState a = new CycleState();
    CycleState b = new CycleState();
    single.preFilter(a, incoming, snapshot);
    workers.preFilter(b, incoming, snapshot);
    single.preScore(a, incoming, nodes, snapshot);
    workers.preScore(b, incoming, nodes, snapshot);
    int rejected = 0;
    long scored = 0;
    for (NodeInfo n : nodes) {
      if (n.node().getMetadata().getLabels().get("zone") == null) continue;
      assertThat(workers.filter(b, incoming, n).message()).as(n.name()).isEqualTo(single.filter(a, incoming, n).message());
      if (!single.filter(a, incoming, n).isSuccess()) rejected++;
      assertThat(workers.score(b, incoming, n)).as(n.name()).isEqualTo(single.score(a, incoming, n));
      scored += Math.abs(single.score(a, incoming, n));
    }
    assertThat(rejected).isPositive();
    assertThat(scored).isPositive();
  }
}
