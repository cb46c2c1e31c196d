package io.capstan.e2e.scheduler;

import static io.capstan.e2e.scheduler.SchedulerFixture.PROFILE;
import static io.capstan.e2e.scheduler.SchedulerFixture.SECOND;
import static io.capstan.e2e.scheduler.SchedulerFixture.pod;
import static io.capstan.e2e.scheduler.SchedulerFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.capstan.nodeagent.NodeAgent;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against the real apiserver, etcd and Kafka, on simulated nodes: Node objects
 * created through the API (as Kubernetes' scheduler_perf does), and in one test node agents with
 * the simulated runtime, whose pods then run. One behaviour per test.
 */
class SchedulerE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static SchedulerFixture f;

  @BeforeAll
  static void start() throws InterruptedException {
    f = new SchedulerFixture();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    f.close();
  }

  private static String zone(String z) {
    return "zone-" + z;
  }

  @Test
  void podsGoWhereTheirRequestsFitAndTheRestGetKubernetesFailureMessages() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-fit");
    f.node("fit-small-" + run, run, "1", "4Gi", Map.of());
    f.node("fit-big-" + run, run, "4", "8Gi", Map.of());
    f.client.pods().inNamespace(ns).resource(pod("fits", run, PROFILE, "2").build()).create();
    f.client.pods().inNamespace(ns).resource(pod("too-big", run, PROFILE, "8").build()).create();

    await().atMost(WAIT).until(() -> ("fit-big-" + run).equals(f.nodeOf(ns, "fits")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.events(ns, "fits", "Scheduled"))
        .anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Successfully assigned " + ns + "/fits to fit-big-" + run)));
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.scheduledCondition(ns, "too-big")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Unschedulable");
      // Other tests' nodes (shared, cluster-scoped) fail on their own reasons; reasons are sorted as
      // strings, as Kubernetes sorts them, so only the structure and our two nodes' parts are fixed.
      assertThat(c.getMessage()).matches("0/(\\d+) nodes are available: .*\\. preemption: 0/\\1 nodes are available: .*\\.")
          .contains("2 Insufficient cpu", "2 No preemption victims found for incoming pod")
          .doesNotContain("..");
    }));
    String message = f.scheduledCondition(ns, "too-big").orElseThrow().getMessage();
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.events(ns, "too-big", "FailedScheduling"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).isEqualTo(message);
          assertThat(e.getSource().getComponent()).isEqualTo(PROFILE);
        }));
    assertThat(f.nodeOf(ns, "too-big")).isNull();
  }

  @Test
  void nodeSelectorPicksTheLabelledNode() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-selector");
    f.node("sel-hdd-" + run, run, "8", "16Gi", Map.of("disk", "hdd"));
    f.node("sel-ssd-" + run, run, "2", "4Gi", Map.of("disk", "ssd"));
    for (int i = 0; i < 3; i++) {
      f.client.pods().inNamespace(ns).resource(pod("ssd-" + i, run, PROFILE, "100m").editSpec()
          .addToNodeSelector("disk", "ssd").endSpec().build()).create();
    }
    await().atMost(WAIT).untilAsserted(() -> {
      for (int i = 0; i < 3; i++) assertThat(f.nodeOf(ns, "ssd-" + i)).isEqualTo("sel-ssd-" + run);
    });
  }

  @Test
  void requiredAntiAffinityPutsOnePodPerZone() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-anti");
    String zoneKey = "e2e.capstan.io/zone-" + run;
    for (String z : List.of("a", "b", "c")) {
      for (int i = 0; i < 2; i++) f.node("anti-" + z + i + "-" + run, run, "4", "8Gi", Map.of(zoneKey, zone(z)));
    }
    for (int i = 0; i < 4; i++) {
      f.client.pods().inNamespace(ns).resource(pod("web-" + i, run, PROFILE, "100m").editMetadata().addToLabels("app", "web")
          .endMetadata().editSpec().withNewAffinity().withNewPodAntiAffinity()
          .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder().withTopologyKey(zoneKey)
              .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
          .endPodAntiAffinity().endAffinity().endSpec().build()).create();
    }
    await().atMost(WAIT).until(() -> List.of(0, 1, 2, 3).stream().filter(i -> f.nodeOf(ns, "web-" + i) != null).count() == 3);
    Set<String> zones = new HashSet<>();
    String pending = null;
    for (int i = 0; i < 4; i++) {
      String node = f.nodeOf(ns, "web-" + i);
      if (node == null) pending = "web-" + i;
      else zones.add(f.client.nodes().withName(node).get().getMetadata().getLabels().get(zoneKey));
    }
    assertThat(zones).containsExactlyInAnyOrder(zone("a"), zone("b"), zone("c"));
    String stuck = pending;
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.scheduledCondition(ns, stuck)).hasValueSatisfying(c ->
        assertThat(c.getMessage()).contains("6 node(s) didn't satisfy existing pods anti-affinity rules")));
  }

  @Test
  void topologySpreadKeepsZoneSkewAtMostOne() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-spread");
    String zoneKey = "e2e.capstan.io/zone-" + run;
    f.node("spread-a0-" + run, run, "8", "16Gi", Map.of(zoneKey, zone("a")));
    f.node("spread-a1-" + run, run, "8", "16Gi", Map.of(zoneKey, zone("a")));
    f.node("spread-b0-" + run, run, "1", "2Gi", Map.of(zoneKey, zone("b")));
    f.node("spread-c0-" + run, run, "8", "16Gi", Map.of(zoneKey, zone("c")));
    for (int i = 0; i < 7; i++) {
      f.client.pods().inNamespace(ns).resource(pod("s-" + i, run, PROFILE, "100m").editMetadata().addToLabels("app", "spread")
          .endMetadata().editSpec().addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
              .withTopologyKey(zoneKey).withWhenUnsatisfiable("DoNotSchedule")
              .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "spread").build()).build())
          .endSpec().build()).create();
    }
    await().atMost(WAIT).until(() -> f.client.pods().inNamespace(ns).list().getItems().stream()
        .allMatch(p -> p.getSpec().getNodeName() != null));
    Map<String, Integer> perZone = new HashMap<>();
    for (Pod p : f.client.pods().inNamespace(ns).list().getItems()) {
      perZone.merge(f.client.nodes().withName(p.getSpec().getNodeName()).get().getMetadata().getLabels().get(zoneKey), 1, Integer::sum);
    }
    assertThat(perZone.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    assertThat(perZone).containsOnlyKeys(zone("a"), zone("b"), zone("c"));
    int max = perZone.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int min = perZone.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Test
  void untoleratedTaintsKeepPodsOffAndTolerationsLetThemOn() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-taint");
    f.node("taint-gpu-" + run, run, "4", "8Gi", Map.of("pool", "gpu"),
        new TaintBuilder().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").build());
    f.node("taint-plain-" + run, run, "4", "8Gi", Map.of("pool", "plain"));
    f.client.pods().inNamespace(ns).resource(pod("plain", run, PROFILE, "100m").build()).create();
    f.client.pods().inNamespace(ns).resource(pod("wants-gpu", run, PROFILE, "100m").editSpec()
        .addToNodeSelector("pool", "gpu").endSpec().build()).create();
    f.client.pods().inNamespace(ns).resource(pod("tolerates", run, PROFILE, "100m").editSpec()
        .addToNodeSelector("pool", "gpu").addToTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Equal")
            .withValue("gpu").withEffect("NoSchedule").build()).endSpec().build()).create();
    await().atMost(WAIT).until(() -> ("taint-plain-" + run).equals(f.nodeOf(ns, "plain")));
    await().atMost(WAIT).until(() -> ("taint-gpu-" + run).equals(f.nodeOf(ns, "tolerates")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.scheduledCondition(ns, "wants-gpu")).hasValueSatisfying(c ->
        assertThat(c.getMessage()).contains("1 node(s) had untolerated taint {dedicated: gpu}")
            .contains("preemption: ").endsWith("Preemption is not helpful for scheduling.")));
    assertThat(f.nodeOf(ns, "wants-gpu")).isNull();
  }

  @Test
  void aHighPriorityPodPreemptsALowPriorityOne() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-preempt");
    String low = "e2e-low-" + run;
    String high = "e2e-high-" + run;
    f.client.resource(new PriorityClassBuilder().withNewMetadata().withName(low).endMetadata().withValue(100).build()).create();
    f.client.resource(new PriorityClassBuilder().withNewMetadata().withName(high).endMetadata().withValue(1000).build()).create();
    try {
      f.node("preempt-" + run, run, "2", "4Gi", Map.of());
      f.client.pods().inNamespace(ns).resource(pod("victim", run, PROFILE, "1500m").editSpec().withPriorityClassName(low)
          .endSpec().build()).create();
      await().atMost(WAIT).until(() -> ("preempt-" + run).equals(f.nodeOf(ns, "victim")));
      String victimUid = f.get(ns, "victim").getMetadata().getUid();
      f.client.pods().inNamespace(ns).resource(pod("important", run, PROFILE, "1500m").editSpec().withPriorityClassName(high)
          .endSpec().build()).create();
      await().atMost(WAIT).until(() -> ("preempt-" + run).equals(f.nodeOf(ns, "important")));
      Pod victim = f.get(ns, "victim");
      assertThat(victim == null || !victim.getMetadata().getUid().equals(victimUid) || victim.getMetadata().getDeletionTimestamp() != null).isTrue();
      assertThat(f.events(ns, "victim", "Preempted")).anySatisfy(e -> assertThat(e.getMessage()).startsWith("Preempted by pod "));
    } finally {
      f.client.resource(new PriorityClassBuilder().withNewMetadata().withName(low).endMetadata().withValue(100).build()).delete();
      f.client.resource(new PriorityClassBuilder().withNewMetadata().withName(high).endMetadata().withValue(1000).build()).delete();
    }
  }

  @Test
  void aSecondProfileSchedulesItsPodsAndUnservedSchedulerNamesAreLeftAlone() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, "sched-profiles");
    f.node("prof-busy-" + run, run, "4", "8Gi", Map.of());
    f.node("prof-idle-" + run, run, "4", "8Gi", Map.of());
    f.client.pods().inNamespace(ns).resource(pod("filler", run, PROFILE, "2").editSpec().withNodeName("prof-busy-" + run)
        .endSpec().build()).create();
    // MostAllocated packs: the second profile prefers the busier node.
    f.client.pods().inNamespace(ns).resource(pod("packed", run, SECOND, "1").build()).create();
    f.client.pods().inNamespace(ns).resource(pod("elsewhere", run, "some-other-scheduler", "100m").build()).create();
    await().atMost(WAIT).until(() -> ("prof-busy-" + run).equals(f.nodeOf(ns, "packed")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.events(ns, "packed", "Scheduled"))
        .anySatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo(SECOND)));
    Pod other = f.get(ns, "elsewhere");
    assertThat(other.getSpec().getNodeName()).isNull();
    assertThat(f.scheduledCondition(ns, "elsewhere")).isEmpty();
    assertThat(f.events(ns, "elsewhere", "FailedScheduling")).isEmpty();
  }

  @Test
  void podsOnSimulatedNodeAgentsFitTheirCapacityAndRun(@TempDir Path state) throws InterruptedException {
    String run = run();
    String ns = Fabric8.createNamespaceForPods(f.client, ApiServerProcess.shared(), "sched-agents");
    List<NodeAgent> agents = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        agents.add(f.simulatedAgent("agent-" + i + "-" + run, run, Map.of(), state.resolve("agent-" + i)));
      }
      await().atMost(WAIT).until(() -> List.of(0, 1).stream().allMatch(i -> {
        Node n = f.client.nodes().withName("agent-" + i + "-" + run).get();
        return n.getStatus() != null && n.getStatus().getAllocatable() != null;
      }));
      // Each pod asks for three quarters of a node: one per node, a third fits nowhere.
      long cpuMillis = Quantity.getAmountInBytes(f.client.nodes().withName("agent-0-" + run).get().getStatus()
          .getAllocatable().get("cpu")).movePointRight(3).longValue();
      String request = (cpuMillis * 3 / 4) + "m";
      for (String name : List.of("first", "second", "third")) {
        f.client.pods().inNamespace(ns).resource(pod(name, run, PROFILE, request).build()).create();
      }
      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(Set.of(String.valueOf(f.nodeOf(ns, "first")), String.valueOf(f.nodeOf(ns, "second"))))
            .containsExactlyInAnyOrder("agent-0-" + run, "agent-1-" + run);
        for (String name : List.of("first", "second")) {
          Pod p = f.get(ns, name);
          assertThat(p.getStatus().getPhase()).as(name).isEqualTo("Running");
          assertThat(p.getStatus().getConditions()).as(name)
              .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
        }
      });
      await().atMost(WAIT).untilAsserted(() -> assertThat(f.scheduledCondition(ns, "third")).hasValueSatisfying(c ->
          assertThat(c.getMessage()).contains("2 Insufficient cpu")));
      assertThat(f.nodeOf(ns, "third")).isNull();
    } finally {
      for (NodeAgent a : agents) a.close();
    }
  }
}
