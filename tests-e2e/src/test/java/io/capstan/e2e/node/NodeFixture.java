package io.capstan.e2e.node;

import io.capstan.nodeagent.NodeAgent;
import io.capstan.nodeagent.NodeAgentConfig;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanRuntime;
import io.capstan.e2e.support.SuiteSigner;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.PodmanService;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A node agent in the test's JVM on the suite's Podman service, with a network of its own
 * (name and /24 unique in the suite) and a unique node name. {@link #close} removes its pods
 * and network.
 */
final class NodeFixture implements AutoCloseable {
  /** The /24s 10.200.0.0 to 10.249.255.0. */
  private static final int SUBNETS = 50 * 256;
  /**
   * Handed out in turn from a random start, so two fixtures of one suite never draw the same
   * network (Podman refuses a second network on a subnet in use) or the same names.
   */
  private static final AtomicInteger NEXT_SUBNET = new AtomicInteger(ThreadLocalRandom.current().nextInt(SUBNETS));

  final String node;
  final PodmanRuntime runtime;
  final Path stateDir;
  private final KubernetesClient client;
  private final UnaryOperator<NodeAgentConfig> tune;
  NodeAgent agent;

  NodeFixture(KubernetesClient client, String prefix) throws IOException, InterruptedException {
    this(client, prefix, UnaryOperator.identity());
  }

  /** @param tune changes to the agent's default settings (on top of a free node API port) */
  NodeFixture(KubernetesClient client, String prefix, UnaryOperator<NodeAgentConfig> tune)
      throws IOException, InterruptedException {
    this.client = client;
    this.tune = tune;
    SuiteSigner.ensure(ApiServerProcess.shared());
    PodmanService service = PodmanService.shared();
    int r = NEXT_SUBNET.getAndIncrement() % SUBNETS;
    String suffix = Integer.toString(r, 36);
    this.node = prefix + "-" + suffix;
    String net = "10." + (200 + r / 256) + "." + (r % 256);
    this.runtime = new PodmanRuntime(service.socket(),
        new PodmanRuntime.Network("capstan-e" + suffix, "cpe" + suffix, net + ".0/24", net + ".1"), node);
    this.stateDir = Path.of("target").toAbsolutePath().resolve("node-" + node);
    runtime.prepare();
    BusyboxImage.ensure(runtime, Path.of("/bin/busybox"), service.stateDir());
    startAgent();
  }

  void startAgent() throws InterruptedException {
    // A free node API port: other agents (and capstan up's, on 10250) may run on this host.
    agent = new NodeAgent(tune.apply(NodeAgentConfig.defaults(node, stateDir).withApiPort(0)), client, runtime);
    agent.start();
  }

  /** Stops the agent as a crash would: pods keep running. */
  void stopAgent() {
    agent.close();
  }

  String podman(String... args) throws IOException, InterruptedException {
    return PodmanService.shared().podman(args);
  }

  @Override
  public void close() {
    agent.close();
    for (Sandbox sb : runtime.listSandboxes()) runtime.removeSandbox(sb.id());
    runtime.removeNetwork();
  }
}
