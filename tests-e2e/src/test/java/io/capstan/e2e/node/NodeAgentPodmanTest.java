package io.capstan.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanImages;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.PodmanService;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent against the real apiserver and real Podman: pods bound to its node by hand
 * (no scheduler yet) run as Podman pods and report their status.
 */
class NodeAgentPodmanTest {

  static KubernetesClient client;
  static Kubectl kubectl;
  /** The busybox image under a registry's name; the registry is a closed loopback port. */
  private static final String REGISTRY_IMAGE = "127.0.0.1:1/capstan/busybox:1";
  static NodeFixture node;
  static String ns;

  @BeforeAll
  static void start(@TempDir Path home) throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    client = Fabric8.client(api);
    kubectl = new Kubectl(api, home);
    node = new NodeFixture(client, "e2e-node");
    ns = Fabric8.createNamespaceForPods(client, api, "node");
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (client != null) client.close();
  }

  @Test
  void registersTheNodeAndRenewsItsLease() {
    Node n = client.nodes().withName(node.node).get();
    assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", node.node).containsEntry("kubernetes.io/os", "linux");
    assertThat(n.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods", "ephemeral-storage");
    assertThat(n.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("Ready=True", "MemoryPressure=False", "DiskPressure=False", "PIDPressure=False");
    assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("podman://4.");
    assertThat(n.getStatus().getAddresses()).extracting(a -> a.getType()).contains("InternalIP", "Hostname");
    Lease lease = client.leases().inNamespace("kube-node-lease").withName(node.node).get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(node.node);
    assertThat(lease.getSpec().getRenewTime()).isNotNull();
  }

  @Test
  void kubectlRunEchoSucceedsAndItsOutputIsInTheLog() {
    String name = Kubectl.uniqueName("t");
    long t0 = System.nanoTime();
    // The words: an untagged local image (latest, so pull policy Always) runs without a registry.
    kubectl.run("run", name, "-n", ns, "--image=localhost/capstan/busybox", "--restart=Never",
        "--overrides={\"spec\":{\"nodeName\":\"" + node.node + "\"}}", "--", "sh", "-c", "echo hi").requireSuccess();
    await().atMost(Duration.ofSeconds(60)).until(() -> phase(name), "Succeeded"::equals);
    System.out.printf("kubectl run -> Succeeded in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    Pod pod = pod(name);
    ContainerStatus s = pod.getStatus().getContainerStatuses().get(0);
    assertThat(s.getState().getTerminated().getExitCode()).isZero();
    assertThat(s.getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(s.getImageID()).startsWith(BusyboxImage.LATEST + "@sha256:");
    assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    assertThat(pod.getStatus().getStartTime()).isNotNull();
    String id = s.getContainerID().substring("podman://".length());
    assertThat(node.runtime.logs(id, LogOptions.all())).isEqualTo("hi\n");
    // kubectl logs: the apiserver proxies pods/log to the node agent's node API.
    assertThat(kubectl.run("logs", name, "-n", ns).requireSuccess().stdout()).isEqualTo("hi\n");
  }

  @Test
  void kubectlLogsTailsFollowsAndRejectsAnUnknownContainer() {
    String name = Kubectl.uniqueName("ticks");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(name));
    await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("logs", name, "-n", ns).stdout().contains("tick-2\n"));
    String tail = kubectl.run("logs", name, "-n", ns, "--tail=1").requireSuccess().stdout();
    assertThat(tail).matches("tick-\\d+\n");
    int seen = Integer.parseInt(tail.trim().substring("tick-".length()));
    try (Kubectl.Running follow = kubectl.start("logs", "-f", name, "-n", ns, "--request-timeout=0")) {
      // Lines written after kubectl started arrive while it keeps following.
      String later = "tick-" + (seen + 3) + "\n";
      await().atMost(Duration.ofSeconds(30)).until(() -> follow.stdoutSoFar().contains(later));
      assertThat(follow.isAlive()).as(follow.stderrSoFar()).isTrue();
      assertThat(follow.stdoutSoFar()).startsWith("tick-0\ntick-1\n");
    }
    KubectlResult wrong = kubectl.run("logs", name, "-n", ns, "-c", "nope");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).contains("container nope is not valid for pod " + name);
  }

  /**
   * A line written in two pieces is one line with one timestamp, to the nanosecond, as the kubelet
   * prints it (Podman's logs API stamped each piece, to the second, in mid-line).
   */
  @Test
  void kubectlLogsTimestampsEachLineOnceToTheNanosecond() throws Exception {
    String name = Kubectl.uniqueName("stamps");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .withRestartPolicy("Never")
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "printf one-; sleep 1; printf 'two\\n'; printf three-; sleep 1; printf 'four\\n'")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> phase(name), "Succeeded"::equals);
    String id = containerId(pod(name), "app");
    String file = node.podman("container", "inspect", id, "--format", "{{.HostConfig.LogConfig.Path}}").trim();
    assertThat(Files.readString(Path.of(file))).as("the runtime's record of the first piece").contains(" stdout P one-\n");

    String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ";
    assertThat(kubectl.run("logs", name, "-n", ns, "--timestamps").requireSuccess().stdout())
        .matches(stamp + "one-two\n" + stamp + "three-four\n");
    assertThat(kubectl.run("logs", name, "-n", ns, "--limit-bytes=5").requireSuccess().stdout()).isEqualTo("one-t");
    assertThat(kubectl.run("logs", name, "-n", ns, "--since-time=2000-01-01T00:00:00Z").requireSuccess().stdout())
        .isEqualTo("one-two\nthree-four\n");
    String future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(kubectl.run("logs", name, "-n", ns, "--since-time=" + future).requireSuccess().stdout()).isEmpty();
  }

  @Test
  void twoContainersTalkOverLocalhostAndThePodGetsAnIpOfTheNetwork() {
    String name = Kubectl.uniqueName("duo");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("server").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "mkdir -p /www && echo hello-$(hostname) > /www/index.html && exec httpd -f -p 8080 -h /www")
        .endContainer()
        .addNewContainer().withName("client").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "until printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 8080 | grep hello; do sleep 1; done; exec sleep 600")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(name));
    Pod pod = pod(name);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getPodIP()).startsWith(node.runtime.network().gateway().substring(0, node.runtime.network().gateway().lastIndexOf('.')));
    String client = containerId(pod, "client");
    await().atMost(Duration.ofSeconds(60)).until(() -> node.runtime.logs(client, LogOptions.all()).contains("hello-" + name));
    assertThat(kubectl.run("logs", name, "-n", ns, "-c", "client").requireSuccess().stdout()).contains("hello-" + name);
  }

  @Test
  void aConfigMapVolumeFollowsTheConfigMap() {
    String name = Kubectl.uniqueName("cfg");
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .withData(Map.of("greeting", "one")).build()).create();
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewVolume().withName("cfg").withNewConfigMap().withName(name).endConfigMap().endVolume()
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sleep", "600")
            .addNewVolumeMount().withName("cfg").withMountPath("/cfg").endVolumeMount()
            .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
            .addNewEnv().withName("G").withNewValueFrom().withNewConfigMapKeyRef().withName(name).withKey("greeting").endConfigMapKeyRef().endValueFrom().endEnv()
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(name));
    String id = containerId(pod(name), "app");
    assertThat(exec(id, "cat /cfg/greeting; echo; echo $POD $G")).isEqualTo("one\n" + name + " one\n");
    client.configMaps().inNamespace(ns).withName(name).edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("greeting", "two")).build());
    await().atMost(Duration.ofSeconds(60)).until(() -> exec(id, "cat /cfg/greeting"), "two"::equals);
  }

  @Test
  void aCrashingContainerIsInCrashLoopBackOff() {
    String name = Kubectl.uniqueName("crash");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sh", "-c", "echo crashed; exit 3").endContainer()
        .endSpec().build());
    // The status that showed the back-off is the one checked: read again, it may already be the
    // restart 10 s later (Running, or the next back-off).
    ContainerStatus s = await().atMost(Duration.ofSeconds(60)).until(() -> status(name, "app"), t ->
        t != null && t.getState().getWaiting() != null && "CrashLoopBackOff".equals(t.getState().getWaiting().getReason())
            && t.getRestartCount() >= 1);
    assertThat(s.getState().getWaiting().getMessage()).startsWith("back-off 10s restarting failed container=app");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(pod(name).getStatus().getPhase()).isEqualTo("Running");
    assertThat(kubectl.run("logs", name, "-n", ns, "--previous").requireSuccess().stdout()).isEqualTo("crashed\n");
    // After the 10 s back-off it runs again, and the next back-off is twice as long.
    await().atMost(Duration.ofSeconds(40)).until(() -> {
      ContainerStatus t = status(name, "app");
      return t.getRestartCount() >= 2 && t.getState().getWaiting() != null
          && t.getState().getWaiting().getMessage().startsWith("back-off 20s");
    });
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainerAndReadinessDrivesReady() {
    String name = Kubectl.uniqueName("probe");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .withTerminationGracePeriodSeconds(2L)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "touch /tmp/alive; exec sleep 600")
            .withNewLivenessProbe().withNewExec().withCommand("cat", "/tmp/alive").endExec()
                .withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
            .withNewReadinessProbe().withNewExec().withCommand("cat", "/tmp/ready").endExec()
                .withPeriodSeconds(1).endReadinessProbe()
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(name)));
    assertThat(ready(name)).isFalse();
    String first = containerId(pod(name), "app");
    exec(first, "touch /tmp/ready");
    await().atMost(Duration.ofSeconds(20)).until(() -> ready(name));
    exec(first, "rm /tmp/ready");
    await().atMost(Duration.ofSeconds(20)).until(() -> !ready(name));
    exec(first, "rm /tmp/alive");
    await().atMost(Duration.ofSeconds(30)).until(() -> status(name, "app").getRestartCount() == 1
        && status(name, "app").getState().getRunning() != null);
    assertThat(containerId(pod(name), "app")).isNotEqualTo(first);
    assertThat(status(name, "app").getLastState().getTerminated()).isNotNull();
  }

  @Test
  void kubectlDeleteStopsWithinTheGracePeriodAndLeavesNothing() throws Exception {
    String name = Kubectl.uniqueName("del");
    long grace = 20;
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .withTerminationGracePeriodSeconds(grace)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sleep", "600")
            .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sh", "-c", "echo bye > /proc/1/fd/1").endExec().endPreStop().endLifecycle()
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(name));
    String uid = pod(name).getMetadata().getUid();
    long t0 = System.nanoTime();
    KubectlResult r = kubectl.run("delete", "pod", name, "-n", ns, "--timeout=60s");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(pod(name)).isNull();
    // sleep gets SIGTERM through catatonit and exits at once. Had it not, the agent would have
    // waited the whole grace period (counted from after the delete) before killing it; what else
    // the time holds (kubectl starting, the preStop hook, a loaded machine) only makes it longer.
    assertThat(took).isLessThan(Duration.ofSeconds(grace));
    assertThat(node.podman("ps", "-a", "--filter", "label=capstan.io/pod-uid=" + uid, "--format", "{{.ID}}")).isBlank();
    assertThat(node.podman("pod", "ps", "--filter", "label=capstan.io/pod-uid=" + uid, "--format", "{{.ID}}")).isBlank();
  }

  @Test
  void aRestartedAgentAdoptsRunningPodsWithoutRestartingThem() throws Exception {
    String name = Kubectl.uniqueName("adopt");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sleep", "600").endContainer()
        .endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(name));
    String id = containerId(pod(name), "app");
    node.stopAgent();
    node.startAgent();
    // A pod created after the restart runs: the new agent is syncing.
    String later = Kubectl.uniqueName("after");
    create(new PodBuilder().withNewMetadata().withName(later).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sleep", "600").endContainer()
        .endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(later));
    ContainerStatus s = status(name, "app");
    assertThat(s.getContainerID()).isEqualTo("podman://" + id);
    assertThat(s.getRestartCount()).isZero();
    List<RuntimeContainer> instances = node.runtime.listContainers(pod(name).getMetadata().getUid());
    assertThat(instances).hasSize(1).allMatch(RuntimeContainer::running);
  }

  @Test
  void describeTellsThePodsStoryFromTheAgentsEvents() {
    String crash = Kubectl.uniqueName("crash");
    create(new PodBuilder().withNewMetadata().withName(crash).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sh", "-c", "exit 1")
        .endContainer().endSpec().build());
    String unready = Kubectl.uniqueName("unready");
    create(new PodBuilder().withNewMetadata().withName(unready).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sleep", "3600")
            .withNewReadinessProbe().withNewExec().withCommand("false").endExec().withPeriodSeconds(1).endReadinessProbe()
        .endContainer().endSpec().build());
    String noConfig = Kubectl.uniqueName("nocm");
    create(new PodBuilder().withNewMetadata().withName(noConfig).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE).withCommand("sleep", "3600")
            .addNewVolumeMount().withName("cfg").withMountPath("/cfg").endVolumeMount().endContainer()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("absent").endConfigMap().endVolume()
        .endSpec().build());
    String never = Kubectl.uniqueName("never");
    create(new PodBuilder().withNewMetadata().withName(never).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage("localhost/capstan/absent:1").withImagePullPolicy("Never")
        .endContainer().endSpec().build());

    // A present image of a registry under pull policy Always is pulled anyway; the registry (a closed
    // loopback port) is unreachable, so the pull fails with Podman's error.
    String always = Kubectl.uniqueName("always");
    new PodmanImages(PodmanService.shared().socket()).tag(BusyboxImage.REFERENCE, REGISTRY_IMAGE);
    create(new PodBuilder().withNewMetadata().withName(always).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(REGISTRY_IMAGE).withImagePullPolicy("Always")
        .withCommand("sleep", "3600").endContainer().endSpec().build());

    String absent = Kubectl.uniqueName("absent");
    create(new PodBuilder().withNewMetadata().withName(absent).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage("localhost/capstan/absent:2").withImagePullPolicy("IfNotPresent")
        .endContainer().endSpec().build());

    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(describe(crash))
        .containsPattern("Normal\\s+Pulled\\s+.*kubelet\\s+Container image \"" + BusyboxImage.REFERENCE + "\" already present on machine")
        .containsPattern("Normal\\s+Created\\s+.*kubelet\\s+Created container app")
        .containsPattern("Normal\\s+Started\\s+.*kubelet\\s+Started container app")
        .containsPattern("Warning\\s+BackOff\\s+.*kubelet\\s+Back-off restarting failed container app in pod " + crash));
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(describe(unready))
        .containsPattern("Warning\\s+Unhealthy\\s+.*kubelet\\s+Readiness probe failed"));
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(describe(noConfig))
        .containsPattern("Warning\\s+FailedMount\\s+.*kubelet\\s+MountVolume.SetUp failed: .*absent"));
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      assertThat(describe(never)).containsPattern("Warning\\s+ErrImageNeverPull\\s+.*kubelet\\s+Container image "
          + "\"localhost/capstan/absent:1\" is not present with pull policy of Never");
      ContainerStatus s = status(never, "app");
      assertThat(s.getState().getWaiting().getReason()).isEqualTo("ErrImageNeverPull");
    });
    awaitPullBackOff(absent);
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      assertThat(describe(always)).containsPattern("Normal\\s+Pulling\\s+.*kubelet\\s+Pulling image \"" + REGISTRY_IMAGE)
          .containsPattern("Warning\\s+Failed\\s+.*kubelet\\s+Failed to pull image \"" + REGISTRY_IMAGE
              + "\": pull " + REGISTRY_IMAGE + ": \\S+")
          .containsPattern("Warning\\s+Failed\\s+.*kubelet\\s+Error: ErrImagePull");
      assertThat(status(always, "app").getState().getWaiting().getReason()).isIn("ImagePullBackOff", "ErrImagePull");
      assertThat(status(always, "app").getRestartCount()).isZero();
    });
  }

  @Test
  void aContainerOverItsMemoryLimitIsOomKilled() {
    String name = Kubectl.uniqueName("oom");
    // busybox tail holds a newline-free stream in memory: 64 MiB through a 16 MiB limit.
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
        .withCommand("sh", "-c", "head -c 64m /dev/zero | tail > /dev/null")
        .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi")).endResources()
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      ContainerStatus s = status(name, "app");
      assertThat(s).as("container status").isNotNull();
      assertThat(s.getLastState().getTerminated()).isNotNull();
      assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
      assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    });
  }

  private static void awaitPullBackOff(String name) {
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      assertThat(describe(name)).containsPattern("Normal\\s+Pulling\\s+.*kubelet\\s+Pulling image \"localhost/capstan/absent:2\"")
          .containsPattern("Warning\\s+Failed\\s+.*kubelet\\s+Failed to pull image \"localhost/capstan/absent:2\"")
          .containsPattern("Normal\\s+BackOff\\s+.*kubelet\\s+Back-off pulling image \"localhost/capstan/absent:2\"");
      assertThat(status(name, "app").getState().getWaiting().getReason()).isIn("ImagePullBackOff", "ErrImagePull");
    });
  }

  static String describe(String name) {
    return kubectl.run("describe", "pod", name, "-n", ns).requireSuccess().stdout();
  }

  // ---- helpers

  static void create(Pod pod) {
    client.pods().inNamespace(ns).resource(pod).create();
  }

  static Pod pod(String name) {
    return client.pods().inNamespace(ns).withName(name).get();
  }

  static String phase(String name) {
    Pod p = pod(name);
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  static boolean ready(String name) {
    Pod p = pod(name);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) return false;
    return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static ContainerStatus status(String name, String container) {
    Pod p = pod(name);
    if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return null;
    return p.getStatus().getContainerStatuses().stream().filter(s -> container.equals(s.getName())).findFirst().orElse(null);
  }

  static String containerId(Pod pod, String container) {
    return pod.getStatus().getContainerStatuses().stream().filter(s -> container.equals(s.getName())).findFirst()
        .orElseThrow().getContainerID().substring("podman://".length());
  }

  static String exec(String containerId, String script) {
    return node.runtime.exec(containerId, List.of("sh", "-c", script), Duration.ofSeconds(30)).output();
  }

}
