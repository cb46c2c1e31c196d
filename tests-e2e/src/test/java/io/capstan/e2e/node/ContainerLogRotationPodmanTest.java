package io.capstan.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.Kubectl;
import io.capstan.nodeagent.logs.ContainerLogManager;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chatty container's log is rotated by the node agent as the kubelet rotates it (here at 32 KiB,
 * three files kept) while {@code kubectl logs -f} follows it across every rotation.
 */
class ContainerLogRotationPodmanTest {
  private static final Pattern MARK = Pattern.compile("(?m)^mark-(\\d+)$");

  static KubernetesClient client;
  static Kubectl kubectl;
  static NodeFixture node;
  static String ns;

  @BeforeAll
  static void start(@TempDir Path home) throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    client = Fabric8.client(api);
    kubectl = new Kubectl(api, home);
    node = new NodeFixture(client, "e2e-logs",
        c -> c.withContainerLogs(new ContainerLogManager.Policy(32 << 10, 3)));
    ns = Fabric8.createNamespaceForPods(client, api, "logs");
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (client != null) client.close();
  }

  @Test
  void aChattyContainersLogIsRotatedAndKubectlLogsFollowsAcrossRotations() throws Exception {
    String name = Kubectl.uniqueName("chatty");
    // About 36 KB a second: 500 lines of filler, then a numbered mark.
    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNodeName(node.node).addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "i=0; while true; do i=$((i+1)); yes " + "0123456789".repeat(7)
                + " | head -n 500; echo mark-$i; sleep 1; done")
        .endContainer().endSpec().build()).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> containerId(name) != null);
    Path log = node.runtime.logFile(containerId(name)).orElseThrow();

    try (Kubectl.Running follow = kubectl.start("logs", "-f", name, "-n", ns, "--request-timeout=0")) {
      // Two rotations at least: the older rotated file is then compressed.
      await().atMost(Duration.ofSeconds(90)).until(() -> logFiles(log).stream().anyMatch(f -> f.endsWith(".gz")));
      assertThat(logFiles(log)).hasSizeLessThanOrEqualTo(3).contains(log.getFileName().toString());

      // kubectl logs reads the live file only, as with the kubelet: the first marks went with the rotated files.
      // Just after a rotation the live file may hold no mark yet.
      List<Integer> liveMarks = await().atMost(Duration.ofSeconds(10))
          .until(() -> marks(kubectl.run("logs", name, "-n", ns).requireSuccess().stdout()), m -> !m.isEmpty());
      assertThat(liveMarks).doesNotContain(1);
      int last = liveMarks.get(liveMarks.size() - 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> marks(follow.stdoutSoFar()).contains(last));
      assertThat(follow.isAlive()).as(follow.stderrSoFar()).isTrue();
      // Every mark since kubectl started (a rotation may have come first), none lost or repeated at a rotation.
      List<Integer> followed = marks(follow.stdoutSoFar()).stream().filter(m -> m <= last).toList();
      assertThat(followed).containsExactlyElementsOf(IntStream.rangeClosed(followed.get(0), last).boxed().toList());
      assertThat(followed.get(0)).as("followed from before the rotations").isLessThan(liveMarks.get(0));
    }
    client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
  }

  private static String containerId(String name) {
    Pod p = client.pods().inNamespace(ns).withName(name).get();
    if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return null;
    return p.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getState() != null && s.getState().getRunning() != null && s.getContainerID() != null)
        .map(s -> s.getContainerID().substring("podman://".length())).findFirst().orElse(null);
  }

  /** The container's log file and its rotated files, by name. */
  private static List<String> logFiles(Path log) throws IOException {
    try (Stream<Path> files = Files.list(log.getParent())) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(log.getFileName().toString())).toList();
    }
  }

  private static List<Integer> marks(String text) {
    Matcher m = MARK.matcher(text);
    List<Integer> out = new java.util.ArrayList<>();
    while (m.find()) out.add(Integer.parseInt(m.group(1)));
    return out;
  }
}
