package io.capstan.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DaemonSet on the whole cluster: one pod on every node of the cluster (the Podman node and the
 * simulated ones), placed by the scheduler through the pods' {@code metadata.name} node affinity,
 * as {@code kubectl rollout status ds} and {@code kubectl get ds} see it.
 */
class DaemonSetOnEveryNodeTest {

  @Test
  void aDaemonSetRunsOnePodOnEveryNode(@TempDir Path home) throws Exception {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("ds");
    cluster.addSimulatedNodes(2);
    kubectl.run("create", "-n", ns, "-f", kubectl.manifest("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              nodeSelector: {%s: %s}
              tolerations: [{key: %s, operator: Exists, effect: NoSchedule}]
              terminationGracePeriodSeconds: 1
              containers: [{name: c, image: %s, command: [sleep, "3600"]}]
        """.formatted(WholeCluster.CLUSTER_LABEL, WholeCluster.PREFIX, WholeCluster.SIMULATED_TAINT, WholeCluster.IMAGE))
        .toString()).requireSuccess();
    KubectlResult status = kubectl.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=90s");
    assertThat(status.exitCode()).as(status.toString()).isZero();

    List<String> clusterNodes = cluster.client().nodes().withLabel(WholeCluster.CLUSTER_LABEL, WholeCluster.PREFIX).list()
        .getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    assertThat(clusterNodes).contains(cluster.realNode());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<Pod> pods = cluster.client().pods().inNamespace(ns).list().getItems();
      assertThat(pods).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
      assertThat(pods.stream().map(p -> p.getSpec().getNodeName()).sorted().collect(Collectors.toList()))
          .isEqualTo(clusterNodes);
    });
    // The DaemonSet's counts follow its pods' status through the controller, a step behind the pods.
    String n = Integer.toString(clusterNodes.size());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      KubectlResult get = kubectl.run("get", "ds", "agent", "-n", ns).requireSuccess();
      assertThat(get.table().rows()).singleElement().satisfies(row -> assertThat(row).containsEntry("DESIRED", n)
          .containsEntry("CURRENT", n).containsEntry("READY", n).containsEntry("UP-TO-DATE", n).containsEntry("AVAILABLE", n));
    });
  }
}
