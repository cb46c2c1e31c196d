package io.capstan.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's acceptance on the whole cluster: a Deployment made with kubectl ends in pods
 * the scheduler placed on the Podman node and the node agent runs, as {@code get pods -o wide}
 * shows them.
 */
class CreateDeploymentPlacementTest {

  @Test
  void createDeploymentEndsInPodsPlacedAndRunning(@TempDir Path home) {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("place");

    kubectl.run("create", "deployment", "web", "-n", ns, "--image=" + WholeCluster.IMAGE, "--replicas=2",
        "--", "httpd", "-f", "-p", "8080").requireSuccess();

    KubectlTable[] wide = new KubectlTable[1];
    await("2 pods Running on " + cluster.realNode()).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          wide[0] = kubectl.run("get", "pods", "-n", ns, "-o", "wide").requireSuccess().table();
          assertThat(wide[0].rows()).hasSize(2).allSatisfy(row -> assertThat(row)
              .containsEntry("STATUS", "Running").containsEntry("READY", "1/1").containsEntry("NODE", cluster.realNode()));
        });
    assertThat(wide[0].headers()).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
        "NOMINATED NODE", "READINESS GATES");
    for (Map<String, String> row : wide[0].rows()) {
      assertThat(row.get("NAME")).startsWith("web-");
      assertThat(row.get("IP")).matches("10\\.1[5-9]\\d\\.\\d+\\.\\d+");
      assertThat(row.get("NOMINATED NODE")).isEqualTo("<none>");
    }
    // The scheduler said where it put each pod, in Kubernetes' words (written after the binding, on
    // a thread of its own, so awaited too).
    await("Scheduled events").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "events",
        "-n", ns, "--field-selector", "reason=Scheduled").requireSuccess().stdout())
        .contains("Successfully assigned " + ns + "/web-").contains(" to " + cluster.realNode()));
  }
}
