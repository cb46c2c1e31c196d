package io.capstan.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node lifecycle acceptance: a (simulated) node whose agent stops goes {@code Ready=Unknown}
 * after the grace period ({@link WholeCluster#NODE_GRACE}), is tainted unreachable, its pods are
 * evicted after their {@code tolerationSeconds} and the Deployment's replacements run on the other
 * node; when the agent is back, the node is Ready and untainted again.
 */
class NodeFailureTest {

  private static String readyStatus(Node n) {
    return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .map(c -> c.getStatus()).orElse("");
  }

  private static List<String> taints(Node n) {
    return n.getSpec().getTaints() == null ? List.of()
        : n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  private static boolean running(Pod p) {
    return p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
  }

  @Test
  void podsOfAStoppedNodeAreEvictedAndReplacedOnAnotherNode(@TempDir Path home) throws Exception {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("nodefail");
    List<String> nodes = cluster.addSimulatedNodes(2);
    kubectl.run("create", "-n", ns, "-f", kubectl.manifest("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [%s, %s]}]
              tolerations:
              - {key: %s, operator: Exists, effect: NoSchedule}
              - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
              - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
              containers: [{name: c, image: %s, command: [sleep, "3600"]}]
        """.formatted(nodes.get(0), nodes.get(1), WholeCluster.SIMULATED_TAINT, WholeCluster.IMAGE)).toString())
        .requireSuccess();
    var client = cluster.client();
    await("2 pods Running").atMost(Duration.ofSeconds(60)).until(() ->
        client.pods().inNamespace(ns).list().getItems().stream().filter(NodeFailureTest::running).count() == 2);
    List<Pod> before = client.pods().inNamespace(ns).list().getItems();
    String victim = before.get(0).getSpec().getNodeName();
    String survivor = nodes.get(0).equals(victim) ? nodes.get(1) : nodes.get(0);

    cluster.stopAgent(victim);
    try {
      await("node " + victim + " Unknown and tainted unreachable").atMost(WholeCluster.NODE_GRACE.plusSeconds(20))
          .untilAsserted(() -> {
            Node n = client.nodes().withName(victim).get();
            assertThat(readyStatus(n)).isEqualTo("Unknown");
            assertThat(taints(n)).contains("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule");
          });
      Node down = client.nodes().withName(victim).get();
      assertThat(down.getStatus().getConditions()).filteredOn(c -> "Ready".equals(c.getType())).singleElement()
          .satisfies(c -> assertThat(c.getMessage()).isEqualTo("Kubelet stopped posting node status."));
      assertThat(down.getSpec().getTaints()).filteredOn(t -> "NoExecute".equals(t.getEffect()))
          .extracting(Taint::getTimeAdded).doesNotContainNull();

      await("2 pods Running on " + survivor).atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
        List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
        assertThat(pods.stream().filter(NodeFailureTest::running).toList()).hasSize(2)
            .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(survivor));
      });
      // The evicted pods were marked before they were deleted.
      assertThat(client.pods().inNamespace(ns).list().getItems()).filteredOn(p -> victim.equals(p.getSpec().getNodeName()))
          .allSatisfy(p -> assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionTarget");
            assertThat(c.getReason()).isEqualTo("DeletionByTaintManager");
          }));
    } finally {
      cluster.startAgent(victim);
    }
    await("node " + victim + " Ready and untainted").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Node n = client.nodes().withName(victim).get();
      assertThat(readyStatus(n)).isEqualTo("True");
      assertThat(taints(n)).noneMatch(t -> t.startsWith("node.kubernetes.io/"));
    });
  }
}
