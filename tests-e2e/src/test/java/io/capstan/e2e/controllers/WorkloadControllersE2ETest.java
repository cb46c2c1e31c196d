package io.capstan.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.controllermanager.deployment.Revisions;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ReplicaSet and Deployment controllers against the real apiserver, etcd and Kafka, driven by
 * the real kubectl. No node agent runs: {@link FakeKubelet} reports pods Ready where a test needs
 * available replicas.
 */
class WorkloadControllersE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static ControllerManagerFixture f;

  @TempDir
  Path home;

  @BeforeAll
  static void start() throws Exception {
    f = new ControllerManagerFixture();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    f.close();
  }

  private Kubectl kubectl() {
    return new Kubectl(ApiServerProcess.shared(), home);
  }

  private static List<Pod> activePods(String ns) {
    return f.client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static List<ReplicaSet> replicaSets(String ns) {
    return f.client.apps().replicaSets().inNamespace(ns).list().getItems();
  }

  private static Deployment deployment(String ns, String name) {
    return f.client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  @Test
  void replicaSetCreatesAdoptsReplacesAndReportsStatus() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-rs");
    try (FakeKubelet kubelet = new FakeKubelet(f.client, ns)) {
      ReplicaSet rs = f.client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
          .withNewMetadata().withName("web").endMetadata()
          .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
          .withNewSpec().withTerminationGracePeriodSeconds(0L).addNewContainer().withName("c").withImage("busybox")
          .endContainer().endSpec().endTemplate().endSpec().build()).create();
      String uid = rs.getMetadata().getUid();
      await().atMost(WAIT).until(() -> activePods(ns).size() == 3
          && activePods(ns).stream().allMatch(p -> OwnerRefs.isControlledBy(p, uid)));

      // An orphan with matching labels is adopted, and the surplus pod is deleted.
      f.client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("orphan")
          .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox")
          .endContainer().endSpec().build()).create();
      await().atMost(WAIT).until(() -> activePods(ns).size() == 3
          && activePods(ns).stream().allMatch(p -> OwnerRefs.isControlledBy(p, uid)));

      // A deleted pod is replaced.
      String victim = activePods(ns).get(0).getMetadata().getName();
      k.run("delete", "pod", victim, "-n", ns, "--wait=false").requireSuccess();
      await().atMost(WAIT).until(() -> activePods(ns).size() == 3
          && activePods(ns).stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));

      // A pod relabeled out of the selector is released and replaced.
      String relabeled = activePods(ns).get(0).getMetadata().getName();
      k.run("label", "pod", relabeled, "-n", ns, "app=other", "--overwrite").requireSuccess();
      await().atMost(WAIT).until(() -> {
        Pod p = f.client.pods().inNamespace(ns).withName(relabeled).get();
        return p.getMetadata().getOwnerReferences().isEmpty() && activePods(ns).stream()
            .filter(x -> OwnerRefs.isControlledBy(x, uid)).count() == 3;
      });

      k.run("scale", "rs/web", "-n", ns, "--replicas=5").requireSuccess();
      await().atMost(WAIT).untilAsserted(() -> {
        ReplicaSet now = f.client.apps().replicaSets().inNamespace(ns).withName("web").get();
        assertThat(now.getStatus().getReplicas()).isEqualTo(5);
        assertThat(now.getStatus().getReadyReplicas()).isEqualTo(5);
        assertThat(now.getStatus().getAvailableReplicas()).isEqualTo(5);
        assertThat(now.getStatus().getFullyLabeledReplicas()).isEqualTo(5);
        assertThat(now.getStatus().getObservedGeneration()).isEqualTo(now.getMetadata().getGeneration());
      });
    }
  }

  @Test
  void kubectlRolloutStatusHistoryUndoPauseResumeRestartAndScale() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-deploy");
    try (FakeKubelet kubelet = new FakeKubelet(f.client, ns)) {
      k.run("create", "deployment", "web", "-n", ns, "--image=busybox:1.35", "--replicas=3").requireSuccess();
      KubectlResult status = k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.stdout()).contains("deployment \"web\" successfully rolled out");

      k.run("set", "image", "deployment/web", "-n", ns, "busybox=busybox:1.36").requireSuccess();
      status = k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(activePods(ns)).hasSize(3).allSatisfy(p ->
          assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.36"));
      KubectlResult history = k.run("rollout", "history", "deployment/web", "-n", ns).requireSuccess();
      assertThat(history.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+ .*"))
          .map(l -> l.split("\\s+")[0]).toList()).containsExactly("1", "2");

      // Undo (client-side in kubectl): the revision-1 template comes back, its ReplicaSet becomes revision 3.
      k.run("rollout", "undo", "deployment/web", "-n", ns).requireSuccess();
      status = k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(deployment(ns, "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("busybox:1.35");
      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(deployment(ns, "web").getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "3");
        assertThat(replicaSets(ns)).hasSize(2).anySatisfy(rs -> {
          assertThat(rs.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "3");
          assertThat(rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.35");
        });
        assertThat(activePods(ns)).hasSize(3).allSatisfy(p ->
            assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.35"));
      });

      // Paused: a template change waits; resumed: it rolls out.
      k.run("rollout", "pause", "deployment/web", "-n", ns).requireSuccess();
      k.run("set", "image", "deployment/web", "-n", ns, "busybox=busybox:1.37").requireSuccess();
      await().atMost(WAIT).untilAsserted(() -> {
        Deployment d = deployment(ns, "web");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(d.getStatus().getConditions()).anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Progressing");
          assertThat(c.getReason()).isEqualTo("DeploymentPaused");
        });
      });
      assertThat(replicaSets(ns)).hasSize(2);
      k.run("rollout", "resume", "deployment/web", "-n", ns).requireSuccess();
      status = k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(replicaSets(ns)).hasSize(3);

      k.run("rollout", "restart", "deployment/web", "-n", ns).requireSuccess();
      status = k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      Set<String> restarted = activePods(ns).stream().map(p -> p.getMetadata().getAnnotations() == null ? ""
          : p.getMetadata().getAnnotations().getOrDefault("kubectl.kubernetes.io/restartedAt", "")).collect(Collectors.toSet());
      assertThat(restarted).hasSize(1).doesNotContain("");

      k.run("scale", "deployment/web", "-n", ns, "--replicas=5").requireSuccess();
      await().atMost(WAIT).until(() -> activePods(ns).size() == 5);
      k.run("scale", "deployment/web", "-n", ns, "--replicas=1").requireSuccess();
      await().atMost(WAIT).until(() -> activePods(ns).size() == 1 && deployment(ns, "web").getStatus().getAvailableReplicas() == 1);
    }
  }

  @Test
  void aRolloutThatMakesNoProgressExceedsItsDeadline() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-stuck");
    // No fake kubelet here: pods never become ready.
    k.run("create", "deployment", "stuck", "-n", ns, "--image=busybox", "--replicas=2").requireSuccess();
    k.run("patch", "deployment/stuck", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"progressDeadlineSeconds\":3}}")
        .requireSuccess();
    KubectlResult status = k.run("rollout", "status", "deployment/stuck", "-n", ns, "--timeout=40s");
    assertThat(status.exitCode()).as(status.toString()).isNotZero();
    assertThat(status.stderr()).contains("deployment \"stuck\" exceeded its progress deadline");
    Deployment d = deployment(ns, "stuck");
    assertThat(d.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Available");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("MinimumReplicasUnavailable");
    });
  }

  @Test
  void recreateReplacesEveryPodAtOnce() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-recreate");
    try (FakeKubelet kubelet = new FakeKubelet(f.client, ns)) {
      k.run("create", "deployment", "web", "-n", ns, "--image=busybox:1.35", "--replicas=2").requireSuccess();
      k.run("patch", "deployment/web", "-n", ns, "--type=merge", "-p",
          "{\"spec\":{\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":null}}}").requireSuccess();
      assertThat(k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s").exitCode()).isZero();
      k.run("set", "image", "deployment/web", "-n", ns, "busybox=busybox:1.36").requireSuccess();
      KubectlResult status = k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=40s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(activePods(ns)).hasSize(2).allSatisfy(p ->
          assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.36"));
      assertThat(replicaSets(ns)).hasSize(2).anySatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
    }
  }

  /** Plays the kubelet for a Job's pods: every pod still pending ends in {@code phase}; returns how many it finished. */
  private static int finishPods(String ns, String phase) {
    int n = 0;
    for (Pod p : activePods(ns)) {
      String current = p.getStatus() == null ? null : p.getStatus().getPhase();
      if ("Succeeded".equals(current) || "Failed".equals(current)) continue;
      p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase).build());
      f.client.pods().inNamespace(ns).resource(p).updateStatus();
      n++;
    }
    return n;
  }

  @Test
  void aJobRunsAtMostParallelismPodsUntilCompletionsAndKubectlWaitSeesItComplete() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-job");
    k.run("create", "-n", ns, "-f", k.manifest("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          completions: 5
          parallelism: 2
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: busybox, command: ["true"]}]
        """).toString()).requireSuccess();
    int[] finished = {0};
    await().atMost(WAIT).until(() -> {
      List<Pod> running = activePods(ns).stream().filter(p -> p.getStatus() == null || p.getStatus().getPhase() == null
          || "Pending".equals(p.getStatus().getPhase())).toList();
      assertThat(running.size()).as("pods running at once").isLessThanOrEqualTo(2);
      finished[0] += finishPods(ns, "Succeeded");
      var job = f.client.batch().v1().jobs().inNamespace(ns).withName("pi").get();
      return job.getStatus() != null && Integer.valueOf(5).equals(job.getStatus().getSucceeded());
    });
    KubectlResult wait = k.run("wait", "--for=condition=complete", "job/pi", "-n", ns, "--timeout=30s");
    assertThat(wait.exitCode()).as(wait.toString()).isZero();
    assertThat(finished[0]).isEqualTo(5);
  }

  @Test
  void aJobWhosePodsKeepFailingFailsWithBackoffLimitExceeded() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-jobfail");
    k.run("create", "-n", ns, "-f", k.manifest("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: bad}
        spec:
          backoffLimit: 1
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: busybox, command: ["false"]}]
        """).toString()).requireSuccess();
    await().atMost(WAIT).until(() -> {
      finishPods(ns, "Failed");
      var job = f.client.batch().v1().jobs().inNamespace(ns).withName("bad").get();
      return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
          .anyMatch(c -> "Failed".equals(c.getType()) && "BackoffLimitExceeded".equals(c.getReason()));
    });
    assertThat(f.client.batch().v1().jobs().inNamespace(ns).withName("bad").get().getStatus().getFailed()).isEqualTo(2);
  }

  /** A Job owned by {@code cronJob}, suspended (no pods) and finished as the test says. */
  private static void finishedJobOf(String ns, io.fabric8.kubernetes.api.model.batch.v1.CronJob cronJob, String name,
      String startedAt) {
    var job = f.client.batch().v1().jobs().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
        .withNewMetadata().withName(name).withOwnerReferences(OwnerRefs.controllerRef(cronJob)).endMetadata()
        .withNewSpec().withSuspend(true).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build())
        .create();
    job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withStartTime(startedAt)
        .withCompletionTime(startedAt).withSucceeded(1).addNewCondition().withType("Complete").withStatus("True")
        .endCondition().build());
    f.client.batch().v1().jobs().inNamespace(ns).resource(job).updateStatus();
  }

  /**
   * Real time, one activation: the CronJob fires hourly at the minute that starts 20–80 s from now
   * (in UTC, the controller's zone without {@code spec.timeZone}), so this waits at most ~80 s and
   * its Job stays the only run however slowly the rest goes (every minute, a second Job would start
   * 60 s later and the last check could never pass). Two finished Jobs made beforehand stand for
   * earlier runs: the history limit of 1 prunes them, and the real run's Job replaces the last one
   * once it completes.
   */
  @Test
  void aCronJobCreatesItsJobOnScheduleAndKeepsTheHistoryLimit() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-cron");
    Instant fire = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    k.run("create", "-n", ns, "-f", k.manifest("""
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: tick}
        spec:
          schedule: "%d * * * *"
          successfulJobsHistoryLimit: 1
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox, command: ["true"]}]
        """.formatted(fire.atZone(ZoneOffset.UTC).getMinute())).toString()).requireSuccess();
    var cronJob = f.client.batch().v1().cronjobs().inNamespace(ns).withName("tick").get();
    finishedJobOf(ns, cronJob, "tick-earlier", "2026-01-01T00:00:00Z");
    finishedJobOf(ns, cronJob, "tick-later", "2026-01-01T00:01:00Z");
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.client.batch().v1().jobs().inNamespace(ns).list().getItems())
        .extracting(j -> j.getMetadata().getName()).containsExactly("tick-later"));

    await().atMost(Duration.between(Instant.now(), fire).plusSeconds(40)).untilAsserted(() -> {
      var now = f.client.batch().v1().cronjobs().inNamespace(ns).withName("tick").get();
      assertThat(now.getStatus().getLastScheduleTime()).isNotNull();
      assertThat(now.getStatus().getActive()).isNotEmpty();
    });
    var scheduled = f.client.batch().v1().cronjobs().inNamespace(ns).withName("tick").get();
    assertThat(scheduled.getStatus().getLastScheduleTime()).isEqualTo(fire.toString());
    String jobName = "tick-" + fire.getEpochSecond() / 60;
    assertThat(scheduled.getStatus().getActive()).singleElement().satisfies(a -> assertThat(a.getName()).isEqualTo(jobName));
    KubectlResult get = k.run("get", "cronjob", "tick", "-n", ns).requireSuccess();
    assertThat(get.table().rows()).singleElement().satisfies(row -> assertThat(row).containsEntry("ACTIVE", "1"));

    await().atMost(WAIT).until(() -> {
      finishPods(ns, "Succeeded");
      var job = f.client.batch().v1().jobs().inNamespace(ns).withName(jobName).get();
      return job != null && job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getSucceeded());
    });
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(f.client.batch().v1().jobs().inNamespace(ns).list().getItems()).extracting(j -> j.getMetadata().getName())
          .containsExactly(jobName);
      var done = f.client.batch().v1().cronjobs().inNamespace(ns).withName("tick").get();
      assertThat(done.getStatus().getActive()).isNullOrEmpty();
      assertThat(done.getStatus().getLastSuccessfulTime()).isNotNull();
    });
  }
}
