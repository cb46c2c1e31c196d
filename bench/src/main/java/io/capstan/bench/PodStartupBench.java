package io.capstan.bench;

import io.capstan.bench.ApiServerVsEtcdBench.BenchFailure;
import io.capstan.auth.signer.PkiSigner;
import io.capstan.nodeagent.NodeAgent;
import io.capstan.nodeagent.NodeAgentConfig;
import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanRuntime;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.PodmanService;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Pod startup latency on real Podman: a pod (image present, {@code sleep 3600}) created through the
 * apiserver with {@code spec.nodeName} set, until a watch sees {@code status.phase=Running}, with
 * the node agent in this JVM on a Podman network of its own. Anchor: the same Podman work done
 * directly (pod create, container create, container start, through the runtime's libpod calls),
 * timed until start returns (the container is running then). One pod at a time, the two sides
 * alternating which goes first, so machine drift hits both.
 */
public final class PodStartupBench {

  public static void main(String[] args) {
    BenchHarness.main(PodStartupBench::run);
  }

  private static void run() throws Exception {
    int pods = Integer.getInteger("bench.pods", 50);
    int warmup = Integer.getInteger("bench.warmup", 3);
    Duration perPod = Duration.ofSeconds(Integer.getInteger("bench.podTimeoutSeconds", 60));
    ApiServerProcess api = ApiServerProcess.shared();
    PodmanService podman = PodmanService.shared();
    int r = (int) (ProcessHandle.current().pid() & 0xffff);
    String suffix = Integer.toString(r, 36);
    String node = "bench-node-" + suffix;
    String net = "10." + (200 + (r >> 8) % 50) + "." + (r & 0xff);
    PodmanRuntime.Network network = new PodmanRuntime.Network("capstan-b" + suffix, "cpb" + suffix, net + ".0/24", net + ".1");
    PodmanRuntime agentRuntime = new PodmanRuntime(podman.socket(), network, node);
    // The anchor's pods carry another node label, so the agent never sees (or removes) them.
    PodmanRuntime direct = new PodmanRuntime(podman.socket(), network, "bench-direct-" + suffix);
    agentRuntime.prepare();
    BusyboxImage.ensure(agentRuntime, Path.of("/bin/busybox"), podman.stateDir());
    String ns = "pod-startup-" + suffix;
    // The agent's HTTPS serving certificate comes from a CSR, which the auth service's signer issues.
    try (PkiSigner signer = PkiSigner.start(api.url(), api.pki());
        KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(api.kubeconfig()))).build()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      NodeAgent agent = new NodeAgent(NodeAgentConfig.defaults(node, Path.of("target").toAbsolutePath()
          .resolve("node-" + node)).withApiPort(0), client, agentRuntime);
      agent.start();
      RunningWatch running = new RunningWatch();
      try (Watch w = client.pods().inNamespace(ns).watch(running)) {
        System.out.printf("node agent %s up; warm-up %d pods per side, then %d (load average %s)%n", node, warmup,
            pods, loadAverage());
        for (int i = 0; i < warmup; i++) {
          viaApi(client, ns, node, "warm-" + i, running, perPod);
          direct(direct, "warm-" + suffix + "-" + i);
        }
        long[] viaApi = new long[pods];
        long[] base = new long[pods];
        for (int i = 0; i < pods; i++) {
          if (i % 2 == 0) {
            viaApi[i] = viaApi(client, ns, node, "p-" + i, running, perPod);
            base[i] = direct(direct, "d-" + suffix + "-" + i);
          } else {
            base[i] = direct(direct, "d-" + suffix + "-" + i);
            viaApi[i] = viaApi(client, ns, node, "p-" + i, running, perPod);
          }
        }
        report(viaApi, base);
      } finally {
        cleanUp(client, ns, node, agent, agentRuntime, direct);
      }
    }
  }

  /** Create → Running as the watch sees it, in nanoseconds. */
  private static long viaApi(KubernetesClient client, String ns, String node, String name, RunningWatch running,
      Duration timeout) throws Exception {
    CompletableFuture<Long> seen = running.expect(name);
    // No token volume: the direct side mounts none either, and no controller manager publishes the CA here.
    Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node)
        .withAutomountServiceAccountToken(false).withTerminationGracePeriodSeconds(0L).addNewContainer().withName("c").withImage(BusyboxImage.REFERENCE)
        .withImagePullPolicy("IfNotPresent").withCommand("sleep", "3600").endContainer().endSpec().build();
    long t0 = System.nanoTime();
    client.pods().inNamespace(ns).resource(pod).create();
    try {
      return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS) - t0;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new BenchFailure("pod " + ns + "/" + name + " not Running within " + timeout);
    }
  }

  /** Pod create + container create + start through the libpod API, in nanoseconds. */
  private static long direct(PodmanRuntime podman, String name) {
    String uid = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    Sandbox sb = podman.runSandbox(new SandboxSpec(name, name,
        Map.of(Labels.POD_UID, uid, Labels.POD_NAME, name, Labels.POD_NAMESPACE, "bench"), List.of(), List.of(), List.of()));
    String id = podman.createContainer(sb, new ContainerSpec(name + "_c_0", BusyboxImage.REFERENCE, null,
        List.of("sleep", "3600"), Map.of(), null, Map.of(Labels.POD_UID, uid, Labels.CONTAINER_NAME, "c", Labels.ATTEMPT, "0"),
        List.of(), 0, 0, 0, 0, null, 0, false, false));
    podman.startContainer(id);
    long elapsed = System.nanoTime() - t0;
    RuntimeContainer c = podman.listContainers(uid).stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new BenchFailure("direct container " + name + " vanished"));
    if (c.state() != RuntimeContainer.State.RUNNING) throw new BenchFailure("direct container " + name + " is " + c.state());
    return elapsed;
  }

  private static void report(long[] api, long[] base) {
    double apiP50 = percentile(api, 50), apiP99 = percentile(api, 99);
    double baseP50 = percentile(base, 50), baseP99 = percentile(base, 99);
    System.out.printf("%-28s %8s %8s%n", "pod startup (n=" + api.length + ")", "p50 ms", "p99 ms");
    System.out.printf("%-28s %8.0f %8.0f%n", "capstan: create -> Running", apiP50, apiP99);
    System.out.printf("%-28s %8.0f %8.0f%n", "anchor: libpod direct", baseP50, baseP99);
    System.out.printf("%-28s %8.2f %8.2f%n", "ratio capstan/anchor", apiP50 / baseP50, apiP99 / baseP99);
    System.out.printf("load average %s%n", loadAverage());
  }

  /** Nearest-rank percentile in milliseconds. */
  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private static void cleanUp(KubernetesClient client, String ns, String node, NodeAgent agent, PodmanRuntime agentRuntime,
      PodmanRuntime direct) throws InterruptedException {
    for (Sandbox sb : direct.listSandboxes()) direct.removeSandbox(sb.id());
    client.pods().inNamespace(ns).delete();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!agentRuntime.listSandboxes().isEmpty() && System.nanoTime() < deadline) Thread.sleep(500);
    int left = agentRuntime.listSandboxes().size();
    agent.close();
    // What the agent did not get to in time goes directly; the count says whether it had to.
    for (Sandbox sb : agentRuntime.listSandboxes()) agentRuntime.removeSandbox(sb.id());
    agentRuntime.removeNetwork();
    client.namespaces().withName(ns).delete();
    client.nodes().withName(node).delete();
    System.out.printf("cleaned up (%d pods the agent had not removed after 120 s)%n", left);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Records when each expected pod is first seen Running. */
  private static final class RunningWatch implements Watcher<Pod> {
    private final Map<String, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();

    CompletableFuture<Long> expect(String name) {
      return expected.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
      long now = System.nanoTime();
      if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) return;
      CompletableFuture<Long> f = expected.get(pod.getMetadata().getName());
      if (f != null) f.complete(now);
    }

    @Override
    public void onClose(WatcherException cause) {
      BenchFailure failure = new BenchFailure("pod watch closed: " + cause);
      expected.values().forEach(f -> f.completeExceptionally(failure));
    }
  }
}
