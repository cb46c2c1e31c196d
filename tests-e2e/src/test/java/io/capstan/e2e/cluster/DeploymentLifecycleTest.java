package io.capstan.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller manager's acceptance on real Podman, driven by kubectl: a Deployment's pods
 * run, a deleted pod is replaced, scaling goes 3 → 5 → 1, {@code set image} rolls out without
 * dropping below the available replicas maxUnavailable allows, and {@code rollout undo} brings the
 * old template back.
 */
class DeploymentLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static List<Pod> running(WholeCluster cluster, String ns) {
    return cluster.client().pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
            && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }

  private static List<Pod> active(WholeCluster cluster, String ns) {
    return cluster.client().pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static void awaitRunning(WholeCluster cluster, String ns, int n) {
    await(n + " pods Running").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
        running(cluster, ns).size() == n && active(cluster, ns).size() == n);
  }

  @Test
  void createDeleteScaleSetImageAndUndoOnPodman(@TempDir Path home) throws Exception {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("deploy");
    kubectl.run("create", "deployment", "web", "-n", ns, "--image=" + WholeCluster.IMAGE, "--replicas=3",
        "--", "httpd", "-f", "-p", "8080").requireSuccess();
    awaitRunning(cluster, ns, 3);
    assertThat(running(cluster, ns)).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(cluster.realNode()));

    String victim = running(cluster, ns).get(0).getMetadata().getName();
    kubectl.run("delete", "pod", victim, "-n", ns, "--wait=false").requireSuccess();
    await("replacement of " + victim).atMost(WAIT).until(() -> running(cluster, ns).size() == 3
        && running(cluster, ns).stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));

    kubectl.run("scale", "deployment/web", "-n", ns, "--replicas=5").requireSuccess();
    awaitRunning(cluster, ns, 5);
    kubectl.run("scale", "deployment/web", "-n", ns, "--replicas=1").requireSuccess();
    awaitRunning(cluster, ns, 1);
    kubectl.run("scale", "deployment/web", "-n", ns, "--replicas=3").requireSuccess();
    KubectlResult status = kubectl.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
    assertThat(status.exitCode()).as(status.toString()).isZero();

    // Another local image (busybox with curl, so httpd is there too): a new template, and containers that really start.
    String newImage = WholeCluster.TOOLBOX_IMAGE;
    AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger maxPods = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(() -> {
      Deployment d = cluster.client().apps().deployments().inNamespace(ns).withName("web").get();
      Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
      minAvailable.accumulateAndGet(available == null ? 0 : available, Math::min);
      maxPods.accumulateAndGet(active(cluster, ns).size(), Math::max);
    }, 0, 200, TimeUnit.MILLISECONDS);
    try {
      kubectl.run("set", "image", "deployment/web", "-n", ns, "busybox=" + newImage).requireSuccess();
      status = kubectl.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
      assertThat(status.exitCode()).as(status.toString()).isZero();
    } finally {
      sampler.shutdownNow();
    }
    // 3 replicas with the default 25%: maxUnavailable rounds down to 0 and maxSurge up to 1.
    assertThat(minAvailable.get()).as("available replicas during the rollout").isGreaterThanOrEqualTo(3);
    assertThat(maxPods.get()).as("pods at once during the rollout").isLessThanOrEqualTo(4);
    awaitRunning(cluster, ns, 3);
    assertThat(running(cluster, ns)).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
        .isEqualTo(newImage));

    kubectl.run("rollout", "undo", "deployment/web", "-n", ns).requireSuccess();
    status = kubectl.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    awaitRunning(cluster, ns, 3);
    assertThat(running(cluster, ns)).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
        .isEqualTo(WholeCluster.IMAGE));
    assertThat(kubectl.run("get", "events", "-n", ns, "--field-selector", "reason=ScalingReplicaSet").requireSuccess()
        .stdout()).contains("Scaled up replica set web-");
  }
}
