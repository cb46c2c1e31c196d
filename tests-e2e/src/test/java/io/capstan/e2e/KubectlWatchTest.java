package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.e2e.support.Manifests;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl get -w}: the initial list, then one row per change, until the request times out. */
class KubectlWatchTest {

  private static Kubectl kubectl;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
  }

  @Test
  void getDeploymentsWatchPrintsTheListThenChanges() {
    String ns = kubectl.createNamespace("watch");
    kubectl.run("create", "-f", kubectl.manifest(Manifests.deployment(ns, "web", 1, "nginx:1.27")).toString())
        .requireSuccess();

    KubectlResult r;
    // The watch ends when its request times out, so the timeout must leave room, on a loaded
    // machine, for kubectl to start and list, and for the scale (another kubectl) and its event.
    try (Kubectl.Running watch = kubectl.start("get", "deploy", "-n", ns, "-w", "--request-timeout=30s")) {
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(watch.stdoutSoFar()).containsPattern("(?m)^web\\s+0/1\\s"));
      kubectl.run("scale", "-n", ns, "deploy", "web", "--replicas=2").requireSuccess();
      r = watch.await(Duration.ofSeconds(60));
    }

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<List<String>> lines = Arrays.stream(r.stdout().split("\n"))
        .map(line -> List.of(line.trim().split("\\s+")))
        .toList();
    assertThat(lines).as(r.toString()).hasSize(3);
    assertThat(lines.get(0)).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    assertThat(lines.get(1)).startsWith("web", "0/1", "0", "0").hasSize(5);
    assertThat(lines.get(2)).startsWith("web", "0/2", "0", "0").hasSize(5);
  }
}
