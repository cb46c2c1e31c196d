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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Preemption with PodDisruptionBudgets: victims that break no budget are preferred. */
class PreemptionBudgetTest {
  private final FakeWriter writer = new FakeWriter();
  private final List<PodDisruptionBudget> budgets = new CopyOnWriteArrayList<>();
  private final Framework fwk = new Framework(ProfileSpec.defaults("default-scheduler"), InTreePlugins.registry(), writer,
      p -> p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority(), () -> budgets);
  private final SchedulingQueue queue = new SchedulingQueue(fwk.queueSort(), p -> fwk.runPreEnqueue(p.pod()),
      System::currentTimeMillis, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5));
  private final SchedulerCache cache = new SchedulerCache(System::currentTimeMillis, Duration.ofSeconds(30));
  private final Scheduler scheduler = new Scheduler(Map.of("default-scheduler", fwk), queue, cache, writer,
      new SchedulerMetrics(new SimpleMeterRegistry()), 2, 0, 2);

  @AfterEach
  void close() throws InterruptedException {
    scheduler.close();
  }

  static PodDisruptionBudget budget(String app, int allowed) {
    return new PodDisruptionBudgetBuilder().withNewMetadata().withName(app).withNamespace("ns").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", app)).endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(allowed).endStatus().build();
  }

  private void running(String name, String node, int priority, String app) {
    Pod p = pod(name, "1500m").editMetadata().withLabels(Map.of("app", app)).endMetadata()
        .editSpec().withNodeName(node).withPriority(priority).endSpec().build();
    cache.addOrUpdatePod(PodInfo.of(p, priority));
  }

  private void preemptOnePodOfTwoNodes() {
    cache.addOrUpdateNode(node("a", "2", "4Gi", Map.of()));
    cache.addOrUpdateNode(node("b", "2", "4Gi", Map.of()));
    // Without budgets node a wins: its victim has the lower priority.
    running("db-0", "a", 5, "db");
    running("cache-0", "b", 10, "cache");
    scheduler.start();
    Pod vip = pod("vip", "1500m").editSpec().withPriority(1000).endSpec().build();
    queue.add(PodInfo.of(vip, 1000));
  }

  @Test
  void aVictimWhoseBudgetAllowsNoDisruptionIsSpared() {
    budgets.add(budget("db", 0));
    preemptOnePodOfTwoNodes();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(writer.writes)
        .contains("delete cache-0").anyMatch(w -> w.startsWith("unschedulable vip") && w.endsWith("nominated=b")));
    assertThat(writer.writes).doesNotContain("delete db-0");
  }

  @Test
  void aBudgetWithRoomLeavesTheUsualChoice() {
    budgets.add(budget("db", 1));
    preemptOnePodOfTwoNodes();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(writer.writes)
        .contains("delete db-0").anyMatch(w -> w.startsWith("unschedulable vip") && w.endsWith("nominated=a")));
    assertThat(writer.writes).doesNotContain("delete cache-0");
  }
}
