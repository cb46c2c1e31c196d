package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.Kubectl;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl get pods -w} in one "shell" prints ADDED/MODIFIED/DELETED lines for pods
 * created, labelled and deleted from another, each within a second. The stream is served by the
 * apiserver's watch cache, fed by the relay through Kafka.
 */
class KubectlWatchLatencyTest {
  private static final Duration WITHIN = Duration.ofSeconds(1);
  private static Kubectl kubectl;
  private static KubernetesClient client;

  @BeforeAll
  static void start(@TempDir Path home) {
    kubectl = new Kubectl(ApiServerProcess.shared(), home);
    client = Fabric8.client(ApiServerProcess.shared());
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void getPodsWatchPrintsEveryChangeWithinASecond() {
    String ns = Fabric8.createNamespace(client, "watch-latency");
    client.pods().inNamespace(ns).resource(pod("listed")).create();
    try (Kubectl.Running watch = kubectl.start("get", "pods", "-n", ns, "-w", "--output-watch-events", "--request-timeout=60s")) {
      // First the LIST, then one change seen through the watch: from here on the stream is live
      // and every timed change below measures delivery, not kubectl's start-up.
      await().atMost(Duration.ofSeconds(15)).until(() -> watch.stdoutSoFar().contains("listed"));
      client.pods().inNamespace(ns).resource(pod("warm-up")).create();
      await().atMost(Duration.ofSeconds(15)).until(() -> watch.stdoutSoFar().contains("warm-up"));

      for (int i = 1; i <= 3; i++) {
        String name = "p" + i;
        client.pods().inNamespace(ns).resource(pod(name)).create();
        long created = System.nanoTime();
        awaitLine(watch, "ADDED\\s+" + name + "\\s", created);

        client.pods().inNamespace(ns).withName(name).edit(p -> new PodBuilder(p).editMetadata().addToLabels("tier", "web").endMetadata().build());
        long labelled = System.nanoTime();
        awaitLine(watch, "MODIFIED\\s+" + name + "\\s", labelled);

        client.pods().inNamespace(ns).withName(name).delete();
        long deleted = System.nanoTime();
        awaitLine(watch, "DELETED\\s+" + name + "\\s", deleted);
      }
    }
  }

  private static void awaitLine(Kubectl.Running watch, String regex, long sinceNanos) {
    Pattern p = Pattern.compile("(?m)^" + regex);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> p.matcher(watch.stdoutSoFar()).find());
    Duration took = Duration.ofNanos(System.nanoTime() - sinceNanos);
    System.out.printf("kubectl get -w: %s printed %d ms after the write returned%n", regex, took.toMillis());
    assertThat(took).as("'%s' appeared after %d ms:%n%s", regex, took.toMillis(), watch.stdoutSoFar()).isLessThan(WITHIN);
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
  }
}
