package io.capstan.scheduler.core;

import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.scheduler.Fixtures.FakeWriter;
import io.capstan.scheduler.cache.SchedulerCache;
import io.capstan.scheduler.framework.Framework;
import io.capstan.scheduler.framework.PodInfo;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop with the default profile over an in-memory cache and a fake writer. */
class SchedulerTest {
  private final FakeWriter writer = new FakeWriter();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Framework fwk = new Framework(ProfileSpec.defaults("default-scheduler"), InTreePlugins.registry(), writer,
      p -> p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority());
  private final SchedulingQueue queue = new SchedulingQueue(fwk.queueSort(), p -> fwk.runPreEnqueue(p.pod()),
      System::currentTimeMillis, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5));
  private final SchedulerCache cache = new SchedulerCache(System::currentTimeMillis, Duration.ofSeconds(30));
  private final Scheduler scheduler = new Scheduler(Map.of("default-scheduler", fwk), queue, cache, writer,
      new SchedulerMetrics(meters), 2, 0, 2);

  @AfterEach
  void close() throws InterruptedException {
    scheduler.close();
  }

  private void add(Pod p) {
    queue.add(PodInfo.of(p, p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority()));
  }

  @Test
  void bindsToTheFittingNodeAndReportsTheExactFitErrorOtherwise() {
    cache.addOrUpdateNode(node("small", "1", "4Gi", Map.of()));
    cache.addOrUpdateNode(new NodeBuilder(node("cp", "8", "4Gi", Map.of())).editSpec().addToTaints(new TaintBuilder()
        .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()).endSpec().build());
    cache.addOrUpdateNode(new NodeBuilder(node("cp2", "8", "4Gi", Map.of())).editSpec().addToTaints(new TaintBuilder()
        .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()).endSpec().build());
    scheduler.start();
    add(pod("ok", "500m").build());
    add(pod("big", "2").build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(writer.writes).contains(
        "bind ok small",
        "event Scheduled ok: Successfully assigned ns/ok to small",
        "unschedulable big 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint"
            + " {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims"
            + " found for incoming pod, 2 Preemption is not helpful for scheduling."));
    assertThat(cache.isAssumed("ns/ok")).isTrue();
    assertThat(meters.get("scheduler_schedule_attempts_total").tag("result", "scheduled").counter().count()).isEqualTo(1);
    assertThat(meters.get("scheduler_schedule_attempts_total").tag("result", "unschedulable").counter().count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aHigherPriorityPodPreemptsAndIsNominated() {
    cache.addOrUpdateNode(node("n", "2", "4Gi", Map.of()));
    cache.addOrUpdatePod(PodInfo.of(pod("victim", "1500m").editSpec().withNodeName("n").withPriority(10).endSpec().build(), 10));
    scheduler.start();
    add(pod("vip", "1500m").editSpec().withPriority(1000).endSpec().build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(writer.writes)
        .contains("delete victim")
        .anyMatch(w -> w.startsWith("unschedulable vip 0/1 nodes are available: 1 Insufficient cpu.") && w.endsWith("nominated=n")));
  }

  @Test
  void preemptionPolicyNeverIsReported() {
    cache.addOrUpdateNode(node("n", "1", "4Gi", Map.of()));
    scheduler.start();
    add(pod("polite", "2").editSpec().withPreemptionPolicy("Never").endSpec().build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(writer.writes).contains(
        "unschedulable polite 0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."));
  }

  @Test
  void feasibleNodesToFindFollowsKubernetesAdaptivePercentage() {
    assertThat(scheduler.numFeasibleNodesToFind(50)).isEqualTo(50);
    assertThat(scheduler.numFeasibleNodesToFind(1000)).isEqualTo(420);
    assertThat(scheduler.numFeasibleNodesToFind(5000)).isEqualTo(500);
  }
}
