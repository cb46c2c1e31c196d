package io.capstan.e2e.scheduler;

import static io.capstan.e2e.scheduler.SchedulerFixture.PROFILE;
import static io.capstan.e2e.scheduler.SchedulerFixture.pod;
import static io.capstan.e2e.scheduler.SchedulerFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.bus.BusSettings;
import io.capstan.controllermanager.ControllerManagerAssembly;
import io.capstan.controllermanager.ControllerManagerSettings;
import io.capstan.controllermanager.disruption.DisruptionReconciler;
import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.KubectlTable;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PodDisruptionBudgets end to end: kubectl creates and lists them, the disruption controller
 * (alone, in namespaces named {@code pdb-*}) keeps their status, {@code pods/eviction} spends
 * and refuses disruptions, and the scheduler's preemption spares a pod whose budget is spent.
 */
class DisruptionBudgetE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PREFIX = "pdb";
  private static SchedulerFixture f;
  private static ControllerManagerAssembly disruption;

  @TempDir
  Path home;

  @BeforeAll
  static void start() throws Exception {
    f = new SchedulerFixture();
    BusSettings bus = BusSettings.local(KafkaProcess.shared().bootstrapServers(),
        "e2e-disruption-" + ThreadLocalRandom.current().nextInt(1 << 30));
    disruption = new ControllerManagerAssembly(f.client, bus, ControllerManagerSettings.defaults()
        .withControllers(List.of(DisruptionReconciler.NAME)).withNamespaceScope(ns -> ns.startsWith(PREFIX + "-")),
        new SimpleMeterRegistry());
    disruption.start();
    disruption.startControllers();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (disruption != null) disruption.close();
    if (f != null) f.close();
  }

  /** A running, ready pod on a node no agent serves (status written as a node agent would). */
  private static void readyPod(String ns, String name) {
    Pod created = f.client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
        .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("pdb-nowhere")
        .withTerminationGracePeriodSeconds(0L).addNewContainer().withName("c").withImage("busybox").endContainer()
        .endSpec().build()).create();
    created.setStatus(new PodBuilder().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
        .withStatus("True").endCondition().endStatus().build().getStatus());
    f.client.pods().inNamespace(ns).resource(created).updateStatus();
  }

  private static PodDisruptionBudgetStatus status(String ns, String name) {
    PodDisruptionBudget pdb = f.client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get();
    return pdb == null ? null : pdb.getStatus();
  }

  @Test
  void kubectlCreatesABudgetTheControllerCountsAndEvictionsRespect() {
    Kubectl kubectl = new Kubectl(ApiServerProcess.shared(), home);
    String ns = Fabric8.createNamespace(f.client, PREFIX + "-evict");
    for (int i = 0; i < 3; i++) readyPod(ns, "web-" + i);
    kubectl.run("create", "poddisruptionbudget", "web", "-n", ns, "--selector=app=web", "--min-available=2")
        .requireSuccess();
    await().atMost(WAIT).untilAsserted(() -> {
      PodDisruptionBudgetStatus s = status(ns, "web");
      assertThat(s).isNotNull();
      assertThat(List.of(s.getExpectedPods(), s.getDesiredHealthy(), s.getCurrentHealthy(), s.getDisruptionsAllowed()))
          .containsExactly(3, 2, 3, 1);
      assertThat(s.getObservedGeneration()).isEqualTo(1L);
    });
    KubectlTable table = kubectl.run("get", "pdb", "-n", ns).requireSuccess().table();
    assertThat(table.headers()).containsExactly("NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE");
    assertThat(table.row("NAME", "web")).hasValueSatisfying(r -> {
      assertThat(r.get("MIN AVAILABLE")).isEqualTo("2");
      assertThat(r.get("MAX UNAVAILABLE")).isEqualTo("N/A");
      assertThat(r.get("ALLOWED DISRUPTIONS")).isEqualTo("1");
    });

    assertThat(f.client.pods().inNamespace(ns).withName("web-0").evict()).isTrue();
    await().atMost(WAIT).until(() -> {
      Pod p = f.get(ns, "web-0");
      return p == null || p.getMetadata().getDeletionTimestamp() != null;
    });
    // create --raw sends the file as it is: JSON, as client libraries send an Eviction.
    Path eviction = kubectl.manifest("""
        {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "web-1", "namespace": "%s"}}
        """.formatted(ns));
    KubectlResult refused = kubectl.run("create", "--raw", "/api/v1/namespaces/" + ns + "/pods/web-1/eviction",
        "-f", eviction.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains(
        "Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.");
    assertThat(f.client.pods().inNamespace(ns).withName("web-2").evict()).isFalse();
    assertThat(f.get(ns, "web-1").getMetadata().getDeletionTimestamp()).isNull();
    await().atMost(WAIT).untilAsserted(() -> {
      PodDisruptionBudgetStatus s = status(ns, "web");
      assertThat(s.getCurrentHealthy()).isEqualTo(2);
      assertThat(s.getDisruptionsAllowed()).isZero();
      assertThat(s.getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("InsufficientPods"));
    });
  }

  @Test
  void invalidBudgetsAreRejectedWithKubernetesFieldErrors() {
    String ns = Fabric8.createNamespace(f.client, PREFIX + "-invalid");
    PodDisruptionBudget both = new PodDisruptionBudgetBuilder().withNewMetadata().withName("both").endMetadata()
        .withNewSpec().withNewMinAvailable(1).withNewMaxUnavailable("120%").endSpec().build();
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> f.client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(both).create()))
        .satisfies(e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).contains("minAvailable and maxUnavailable cannot be both set",
              "spec.maxUnavailable: Invalid value: \"120%\": must not be greater than 100%");
        });
  }

  @Test
  void preemptionSparesThePodWhoseBudgetAllowsNoDisruption() {
    String run = run();
    String ns = Fabric8.createNamespace(f.client, PREFIX + "-preempt");
    String low = "e2e-pdb-low-" + run;
    String mid = "e2e-pdb-mid-" + run;
    String high = "e2e-pdb-high-" + run;
    Map<String, Integer> classes = Map.of(low, 100, mid, 200, high, 1000);
    classes.forEach((name, value) -> f.client.resource(new PriorityClassBuilder().withNewMetadata().withName(name)
        .endMetadata().withValue(value).build()).create());
    try {
      f.node("pdb-a-" + run, run, "2", "4Gi", Map.of());
      f.node("pdb-b-" + run, run, "2", "4Gi", Map.of());
      // Without the budget node a would be chosen: its victim has the lower priority.
      f.client.pods().inNamespace(ns).resource(pod("db-0", run, PROFILE, "1500m").editMetadata().addToLabels("app", "db")
          .endMetadata().editSpec().withNodeName("pdb-a-" + run).withPriorityClassName(low).endSpec().build()).create();
      f.client.pods().inNamespace(ns).resource(pod("cache-0", run, PROFILE, "1500m").editMetadata()
          .addToLabels("app", "cache").endMetadata().editSpec().withNodeName("pdb-b-" + run).withPriorityClassName(mid)
          .endSpec().build()).create();
      f.client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
          .withNewMetadata().withName("db").endMetadata().withNewSpec().withNewMinAvailable(1).withNewSelector()
          .addToMatchLabels("app", "db").endSelector().endSpec().build()).create();
      await().atMost(WAIT).until(() -> status(ns, "db") != null && Long.valueOf(1).equals(status(ns, "db").getObservedGeneration()));
      // The scheduler reads budgets from an informer of its own, on another topic than the pods':
      // it must hold this status before the preemptor comes, or it would choose by priority alone.
      await().atMost(WAIT).until(() -> f.scheduler.podDisruptionBudgets().stream()
          .anyMatch(b -> ns.equals(b.getMetadata().getNamespace()) && "db".equals(b.getMetadata().getName())
              && b.getStatus() != null && Long.valueOf(1).equals(b.getStatus().getObservedGeneration())));
      String dbUid = f.get(ns, "db-0").getMetadata().getUid();

      f.client.pods().inNamespace(ns).resource(pod("important", run, PROFILE, "1500m").editSpec()
          .withPriorityClassName(high).endSpec().build()).create();
      await().atMost(WAIT).until(() -> ("pdb-b-" + run).equals(f.nodeOf(ns, "important")));
      Pod db = f.get(ns, "db-0");
      assertThat(db.getMetadata().getUid()).isEqualTo(dbUid);
      assertThat(db.getMetadata().getDeletionTimestamp()).isNull();
      assertThat(f.events(ns, "cache-0", "Preempted")).isNotEmpty();
    } finally {
      classes.forEach((name, value) -> f.client.resource(new PriorityClassBuilder().withNewMetadata().withName(name)
          .endMetadata().withValue(value).build()).delete());
    }
  }
}
