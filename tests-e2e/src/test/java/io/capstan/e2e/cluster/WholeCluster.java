package io.capstan.e2e.cluster;

import io.capstan.client.bus.BusSettings;
import io.capstan.controllermanager.ControllerManagerAssembly;
import io.capstan.controllermanager.ControllerManagerSettings;
import io.capstan.controllermanager.nodelifecycle.NodeLifecycleSettings;
import io.capstan.dns.DnsAssembly;
import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.SuiteSigner;
import io.capstan.nodeagent.NodeAgent;
import io.capstan.nodeagent.NodeAgentConfig;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.ToolboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanRuntime;
import io.capstan.proxy.ProxyAssembly;
import io.capstan.proxy.address.LoopbackAddresses;
import io.capstan.scheduler.core.ClusterScope;
import io.capstan.scheduler.core.Fabric8ClusterWriter;
import io.capstan.scheduler.core.SchedulerAssembly;
import io.capstan.scheduler.core.SchedulerSettings;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.capstan.testing.PodmanService;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/**
 * The whole cluster, once per suite, for the acceptance tests that start from kubectl and end in
 * running containers: on the suite's apiserver (etcd, Kafka, relay), a scheduler with the default
 * profile, the controller manager with every controller and a node agent on the suite's real
 * Podman service (a Podman network of its own), all in this JVM.
 *
 * <p>It shares the apiserver with every other e2e class, so it keeps to its own slice: its
 * scheduler and controllers act only in namespaces named {@code wc-*} ({@link #namespace}), and
 * pods are placed only on nodes labelled {@link #CLUSTER_LABEL}{@code =wc}. Simulated nodes
 * ({@link #addSimulatedNodes}) carry the {@link #SIMULATED_TAINT} so that only pods tolerating
 * it land where no container really runs. A JVM shutdown hook removes the Podman pods and network.
 *
 * <p>Service networking is the node's: a service proxy for the {@code wc-*} namespaces (cluster IPs
 * as /32 addresses on {@code lo}, node ports on 0.0.0.0) and cluster DNS (as its own identity,
 * {@code system:capstan:dns}) on a random address of
 * 10.96.1.0–10.96.15.255 port 53 ({@link #clusterDns}), which the node agent gives ClusterFirst
 * pods as nameserver. Both label their addresses per run, so a concurrent suite's are left alone.
 */
public final class WholeCluster {
  public static final String PREFIX = "wc";
  public static final String CLUSTER_LABEL = "capstan.io/cluster";
  public static final String SIMULATED_TAINT = "capstan.io/simulated";
  public static final String IMAGE = BusyboxImage.REFERENCE;
  /** Busybox plus curl (a TLS client), built from the host's binaries. */
  public static final String TOOLBOX_IMAGE = ToolboxImage.REFERENCE;
  /**
   * A node whose agent has not renewed its Lease for this long is Ready=Unknown and tainted
   * unreachable (40 s in Kubernetes; short here so node-failure tests take seconds). Agents renew
   * every {@link #LEASE_RENEW}, well inside it even on a loaded machine.
   */
  public static final Duration NODE_GRACE = Duration.ofSeconds(10);
  public static final Duration LEASE_RENEW = Duration.ofSeconds(2);
  /**
   * How often agents post node status. The agent does not yet repost at once when it finds its node
   * marked Unknown (the kubelet does), so a node that missed the grace period under load would stay
   * Unknown and tainted until the next post: keep that short.
   */
  public static final Duration NODE_STATUS = Duration.ofSeconds(5);

  private static WholeCluster shared;

  private final ApiServerProcess api;
  private final KubernetesClient client;
  private final SchedulerAssembly scheduler;
  private final ControllerManagerAssembly controllers;
  private final PodmanRuntime podman;
  private final String realNode;
  private final Path stateRoot;
  private final Map<String, ContainerRuntime> runtimes = new LinkedHashMap<>();
  private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
  private final LoopbackAddresses dnsAddress;
  private final InetSocketAddress clusterDns;
  private final KubernetesClient dnsClient;
  private final DnsAssembly dns;
  private final ProxyAssembly proxy;
  /** How to stop each part started so far, newest first. */
  private final Deque<AutoCloseable> stops = new ArrayDeque<>();

  /** The suite's whole cluster, started on first use and stopped when the JVM exits. */
  public static synchronized WholeCluster shared() {
    if (shared == null) {
      try {
        shared = new WholeCluster();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the whole cluster", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the whole cluster", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "whole-cluster-stop"));
    }
    return shared;
  }

  private WholeCluster() throws IOException, InterruptedException {
    // A start that fails halfway stops what it started: the next test may try again, and a second
    // cluster beside a half-started one would fight it over the same namespaces.
    try {
      api = ApiServerProcess.shared();
      SuiteSigner.ensure(api);
      client = Fabric8.client(api);
      stops.push(client::close);
      String run = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 16), 36);
      stateRoot = Path.of("target").toAbsolutePath().resolve("whole-cluster-" + run);

      BusSettings schedulerBus = BusSettings.local(KafkaProcess.shared().bootstrapServers(), "wc-scheduler-" + run);
      SchedulerSettings schedulerSettings = new SchedulerSettings(List.of(ProfileSpec.defaults("default-scheduler")), 0, 4, 4,
          Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(1));
      scheduler = new SchedulerAssembly(client, schedulerBus, schedulerSettings, InTreePlugins.registry(),
          new SimpleMeterRegistry(), new Fabric8ClusterWriter(client), ClusterScope.of(PREFIX, CLUSTER_LABEL, PREFIX));
      scheduler.start();
      stops.push(scheduler::close);
      scheduler.startScheduling();

      BusSettings cmBus = BusSettings.local(KafkaProcess.shared().bootstrapServers(), "wc-controller-manager-" + run);
      controllers = new ControllerManagerAssembly(client, cmBus, ControllerManagerSettings.defaults()
          .withNamespaceScope(ns -> ns.startsWith(PREFIX + "-"))
          .withNodeLifecycle(NodeLifecycleSettings.defaults().withGracePeriod(NODE_GRACE)
              .withNodeScope(NodeLifecycleSettings.labelled(CLUSTER_LABEL, PREFIX)))
          .withRootCa(Files.readString(api.pki().resolve("ca.crt"))), new SimpleMeterRegistry());
      controllers.start();
      stops.push(controllers::close);
      controllers.startControllers();

      // The label is the run's, at most 15 characters: lo:w<run>d / lo:w<run>p.
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      clusterDns = new InetSocketAddress("10.96." + rnd.nextInt(1, 16) + "." + rnd.nextInt(2, 255), 53);
      // As capstan up runs it: with its own identity, which may only list and watch what it names.
      dnsClient = componentClient(api, "dns");
      stops.push(dnsClient::close);
      dnsAddress = LoopbackAddresses.onLo("lo:w" + run + "d");
      stops.push(dnsAddress::close);
      dnsAddress.add(clusterDns.getHostString());
      dns = new DnsAssembly(dnsClient, BusSettings.local(KafkaProcess.shared().bootstrapServers(), "wc-dns-" + run),
          DnsAssembly.Settings.of(clusterDns).withNamespaces(WholeCluster::served).withoutForwarding(),
          new SimpleMeterRegistry());
      stops.push(dns::close);
      dns.start(Duration.ofSeconds(60));
      proxy = new ProxyAssembly(client, BusSettings.local(KafkaProcess.shared().bootstrapServers(), "wc-proxy-" + run),
          LoopbackAddresses.onLo("lo:w" + run + "p"),
          ProxyAssembly.Settings.defaults().withNamespaces(WholeCluster::served), new SimpleMeterRegistry());
      stops.push(proxy::close);
      proxy.start(Duration.ofSeconds(60));

      PodmanService service = PodmanService.shared();
      int r = ThreadLocalRandom.current().nextInt(1 << 16);
      // 10.150-199.x.0/24: apart from NodeFixture's 10.200-249 range, so both can run in one suite.
      String net = "10." + (150 + (r >> 8) % 50) + "." + (r & 0xff);
      realNode = PREFIX + "-node-" + run;
      podman = new PodmanRuntime(service.socket(),
          new PodmanRuntime.Network("capstan-wc" + run, "cpw" + run, net + ".0/24", net + ".1"), realNode);
      podman.prepare();
      stops.push(() -> {
        for (Sandbox sb : podman.listSandboxes()) podman.removeSandbox(sb.id());
        podman.removeNetwork();
      });
      stops.push(() -> {
        for (NodeAgent a : agents.values()) a.close();
        agents.clear();
      });
      BusyboxImage.ensure(podman, Path.of("/bin/busybox"), service.stateDir());
      ToolboxImage.ensure(podman, Path.of("/bin/busybox"), Path.of("/usr/bin/curl"), service.stateDir());
      startAgent(realNode, podman, false);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * The namespaces this cluster's proxy and DNS serve: its own slice, and {@code default} for the
   * {@code kubernetes} Service (its ClusterIP is this suite's apiserver's own, see ApiServerProcess).
   */
  private static boolean served(String namespace) {
    return namespace.startsWith(PREFIX + "-") || namespace.equals("default");
  }

  /** Creates a fresh namespace {@code wc-<name>-<random>}, in this cluster's slice. */
  public String namespace(String name) {
    return Fabric8.createNamespace(client, PREFIX + "-" + name);
  }

  /** The node whose pods are real Podman pods. */
  public String realNode() {
    return realNode;
  }

  /**
   * Starts {@code n} node agents with the simulated runtime (pods go Running at once with fake
   * IPs) and returns their node names once the scheduler can place on them.
   */
  public synchronized List<String> addSimulatedNodes(int n) throws InterruptedException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = PREFIX + "-sim-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 20, 1L << 30), 36);
      startAgent(name, new SimulatedRuntime(Clock.systemUTC()), true);
      names.add(name);
    }
    return names;
  }

  /** Stops a node's agent as a crash would: its pods keep running and its Lease stops being renewed. */
  public synchronized void stopAgent(String node) {
    NodeAgent agent = agents.remove(node);
    if (agent == null) throw new IllegalArgumentException("no running agent for node " + node);
    agent.close();
  }

  /** Restarts a stopped node's agent on the same runtime; it adopts the pods it finds. */
  public synchronized void startAgent(String node) throws InterruptedException {
    ContainerRuntime runtime = runtimes.get(node);
    if (runtime == null) throw new IllegalArgumentException("unknown node " + node);
    if (agents.containsKey(node)) throw new IllegalStateException("node " + node + " already has a running agent");
    NodeAgentConfig d = NodeAgentConfig.defaults(node, stateRoot.resolve(node));
    NodeAgentConfig config = new NodeAgentConfig(d.nodeName(), d.stateDir(), d.resyncEvery(), d.workers(), d.maxPods(),
        LEASE_RENEW, NODE_STATUS, d.backOffInitial(), d.backOffMax(), 0, List.of(clusterDns.getHostString()),
        "cluster.local", d.containerLogs());
    NodeAgent agent = new NodeAgent(config, client, runtime);
    agent.start();
    agents.put(node, agent);
  }

  private void startAgent(String node, ContainerRuntime runtime, boolean simulated) throws InterruptedException {
    runtimes.put(node, runtime);
    startAgent(node);
    // Labels and taint in one write, so the scheduler never sees a simulated node without its taint.
    // The agent writes its Node at the same time (status, lease-driven conditions): on a conflict,
    // read it again and retry rather than fail the suite.
    Awaitility.await("node " + node + " labelled").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200)).ignoreExceptionsMatching(WholeCluster::isConflict)
        .until(() -> client.nodes().withName(node).edit(n -> {
          NodeBuilder b = new NodeBuilder(n).editMetadata().addToLabels(CLUSTER_LABEL, PREFIX).endMetadata();
          if (simulated) {
            b.editOrNewSpec().addToTaints(new TaintBuilder().withKey(SIMULATED_TAINT).withValue("true")
                .withEffect("NoSchedule").build()).endSpec();
          }
          return b.build();
        }) != null);
    Awaitility.await("node " + node + " Ready").atMost(Duration.ofSeconds(60)).until(() -> ready(client.nodes().withName(node).get()));
  }

  /** A client with a component's certificate ({@code <identity>.crt/.key}, made by capstan init's PKI). */
  static KubernetesClient componentClient(ApiServerProcess api, String identity) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    Path pki = api.pki();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url().toString())
        .withCaCertData(b64.encodeToString(Files.readAllBytes(pki.resolve("ca.crt"))))
        .withClientCertData(b64.encodeToString(Files.readAllBytes(pki.resolve(identity + ".crt"))))
        .withClientKeyData(b64.encodeToString(Files.readAllBytes(pki.resolve(identity + ".key")))).withClientKeyAlgo("EC")
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static boolean isConflict(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 409;
  }

  private static boolean ready(Node n) {
    return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public KubernetesClient client() {
    return client;
  }

  /** An admin kubeconfig for real kubectl. */
  public Path kubeconfig() {
    return api.kubeconfig();
  }

  public ApiServerProcess api() {
    return api;
  }

  /** Cluster DNS, authoritative for cluster.local (no forwarding: tests only ask cluster names). */
  public InetSocketAddress clusterDns() {
    return clusterDns;
  }

  public ProxyAssembly proxy() {
    return proxy;
  }

  /** Stops everything in the reverse order of its start; one part failing to stop does not keep the rest running. */
  private synchronized void close() {
    while (!stops.isEmpty()) {
      try {
        stops.pop().close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        System.err.println("whole cluster: a part did not stop cleanly: " + e);
      }
    }
  }
}
