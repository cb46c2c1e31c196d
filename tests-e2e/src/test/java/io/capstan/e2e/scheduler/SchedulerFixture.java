package io.capstan.e2e.scheduler;

import static org.awaitility.Awaitility.await;

import io.capstan.client.bus.BusSettings;
import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.SuiteSigner;
import io.capstan.nodeagent.NodeAgent;
import io.capstan.nodeagent.NodeAgentConfig;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerSettings;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One in-process scheduler for the scheduler e2e tests, against the suite's apiserver and Kafka.
 * Its profiles have scheduler names of their own ({@link #PROFILE}, {@link #SECOND}) so it never
 * touches pods of other test classes, and each test labels its simulated nodes with a run label
 * its pods select, so pods never land on another test's nodes.
 */
final class SchedulerFixture {
  static final String PROFILE = "e2e-scheduler";
  static final String SECOND = "e2e-most-allocated";
  static final String RUN_LABEL = "e2e.capstan.io/run";

  final KubernetesClient client;
  final SchedulerAssembly scheduler;
  final List<String> nodes = new ArrayList<>();

  /** Nodes and pods only, for tests that run schedulers of their own; owns {@code client}. */
  SchedulerFixture(KubernetesClient client) {
    this.client = client;
    this.scheduler = null;
  }

  SchedulerFixture() throws InterruptedException {
    client = Fabric8.client(ApiServerProcess.shared());
    SuiteSigner.ensure(ApiServerProcess.shared());
    BusSettings bus = BusSettings.local(KafkaProcess.shared().bootstrapServers(),
        "e2e-scheduler-" + ThreadLocalRandom.current().nextInt(1 << 30));
    ProfileSpec second = new ProfileSpec(SECOND, List.of(), List.of(), Map.of(),
        Map.of("NodeResourcesFit", Map.of("scoringStrategy", "MostAllocated")));
    SchedulerSettings settings = new SchedulerSettings(List.of(ProfileSpec.defaults(PROFILE), second), 0, 4, 4,
        Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(5));
    scheduler = new SchedulerAssembly(client, bus, settings, InTreePlugins.registry(), new SimpleMeterRegistry());
    scheduler.start();
    scheduler.startScheduling();
  }

  void close() throws InterruptedException {
    for (String n : nodes) client.nodes().withName(n).delete();
    if (scheduler != null) scheduler.close();
    client.close();
  }

  static String run() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
  }

  /** A simulated node: capacity = allocatable, the run label plus {@code labels}, optional taints. */
  Node node(String name, String run, String cpu, String memory, Map<String, String> labels, Taint... taints) {
    Map<String, String> l = new HashMap<>(labels);
    l.put(RUN_LABEL, run);
    l.put("kubernetes.io/hostname", name);
    Map<String, Quantity> cap = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"),
        "ephemeral-storage", new Quantity("100Gi"));
    Node n = new NodeBuilder().withNewMetadata().withName(name).withLabels(l).endMetadata()
        .withNewSpec().withTaints(taints).endSpec()
        .withNewStatus().withCapacity(cap).withAllocatable(cap).endStatus().build();
    nodes.add(name);
    Node created = client.nodes().resource(n).create();
    // Capacity is status: written through nodes/status as a node agent would.
    created.setStatus(n.getStatus());
    Node written = client.nodes().resource(created).updateStatus();
    awaitInSchedulerCache(name);
    return written;
  }

  /**
   * Waits until this fixture's scheduler has the node with its capacity. Its node informer reads
   * another topic than its pod informer, so a pod created next may otherwise be scheduled against
   * a node set that lacks the node, and a spread or preemption decision made then is final (as
   * Kubernetes' integration tests wait for nodes in the scheduler's cache).
   */
  private void awaitInSchedulerCache(String name) {
    if (scheduler == null) return;
    await("node " + name + " in the scheduler's cache").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20)).until(() -> scheduler.scheduler().cache().node(name)
            .map(c -> c.getStatus() != null && c.getStatus().getAllocatable() != null).orElse(false));
  }

  /**
   * A node served by a node agent with the simulated runtime (no containers; capacity is this
   * host's). The Node is created first with the run label and {@code labels}, so the agent, which
   * only creates a missing Node, keeps them and writes the status.
   */
  NodeAgent simulatedAgent(String name, String run, Map<String, String> labels, Path stateDir)
      throws InterruptedException {
    Map<String, String> l = new HashMap<>(labels);
    l.put(RUN_LABEL, run);
    l.put("kubernetes.io/hostname", name);
    nodes.add(name);
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(l).endMetadata().build())
        .create();
    NodeAgent agent = new NodeAgent(NodeAgentConfig.defaults(name, stateDir).withApiPort(0), client,
        new SimulatedRuntime(Clock.systemUTC(), 10 + nodes.size() % 100));
    agent.start();
    return agent;
  }

  /** A pod for {@code schedulerName} selecting this run's nodes, requesting {@code cpu}. */
  static PodBuilder pod(String name, String run, String schedulerName, String cpu) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withSchedulerName(schedulerName).withTerminationGracePeriodSeconds(0L)
        .addToNodeSelector(RUN_LABEL, run)
        .addNewContainer().withName("c").withImage("busybox")
        .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("64Mi")).endResources()
        .endContainer().endSpec();
  }

  Pod get(String ns, String name) {
    return client.pods().inNamespace(ns).withName(name).get();
  }

  String nodeOf(String ns, String name) {
    Pod p = get(ns, name);
    return p == null ? null : p.getSpec().getNodeName();
  }

  Optional<PodCondition> scheduledCondition(String ns, String name) {
    Pod p = get(ns, name);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) return Optional.empty();
    return p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
  }

  List<Event> events(String ns, String pod, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }
}
