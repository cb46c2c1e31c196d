package io.capstan.cli.cluster;

import io.capstan.cli.Workspace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-node cluster `capstan up` runs. To add a component (scheduler, controller-manager,
 * node-agent, ...) add one entry to {@link #components()}.
 */
public final class LocalCluster {

  public static final String CONFIG_SERVER = "config-server";
  public static final String ETCD = "etcd";
  public static final String KAFKA = "kafka";
  public static final String RELAY = "relay";
  public static final String APISERVER = "apiserver";
  public static final String SCHEDULER = "scheduler";
  public static final String CONTROLLER_MANAGER = "controller-manager";
  public static final String PODMAN = "podman";
  public static final String NODE_AGENT = "node-agent";
  public static final String AUTH = "auth";
  public static final String PROXY = "proxy";
  public static final String DNS = "dns";

  /** The cluster DNS address: a /32 on lo that the DNS service adds, the nameserver of ClusterFirst pods. */
  public static final String CLUSTER_DNS = "10.96.0.10";

  public static final URI APISERVER_URL = URI.create("https://127.0.0.1:6443");

  private static final String VERSION = "0.1.0-SNAPSHOT";

  private final Workspace workspace;
  private final String java;

  /**
   * @param java the java executable for the Spring Boot services (normally the one running the
   *     CLI, so every JVM is the same JDK)
   */
  public LocalCluster(Workspace workspace, String java) {
    this.workspace = workspace;
    this.java = java;
  }

  public static LocalCluster forCurrentJvm(Workspace workspace) {
    return new LocalCluster(
        workspace, Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  public List<Component> components() {
    Path home = workspace.home();
    return List.of(
        new Component(
            CONFIG_SERVER,
            springBoot("services/config-server/target/config-server-" + VERSION + ".jar", "-Xmx256m", 8888,
                "--spring.profiles.active=native",
                "--spring.cloud.config.server.native.search-locations=file:"
                    + workspace.configRepository()
                    + "/"),
            health(8888),
            List.of(),
            // Slow hosts: not healthy within 60 s at load 40 on two cores.
            Duration.ofSeconds(180)),
        new Component(
            ETCD,
            List.of(
                "etcd",
                "--name", "capstan",
                "--data-dir", workspace.etcdData().toString(),
                "--listen-client-urls", "http://127.0.0.1:2379",
                "--advertise-client-urls", "http://127.0.0.1:2379",
                "--listen-peer-urls", "http://127.0.0.1:2380",
                "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
                "--initial-cluster", "capstan=http://127.0.0.1:2380",
                "--logger", "zap",
                "--log-outputs", "stderr"),
            URI.create("http://127.0.0.1:2379/health"),
            List.of(),
            Duration.ofSeconds(30)),
        // The watch bus: one KRaft broker+controller. It has no HTTP endpoint; the listener
        // accepting connections is its readiness (clients retry until it serves metadata).
        new Component(
            KAFKA,
            List.of(
                java,
                "-Xmx512m",
                "-jar",
                home.resolve("services/kafka/target/kafka-" + VERSION + ".jar").toString(),
                "--data-dir=" + workspace.kafkaData(),
                "--port=9092",
                "--controller-port=9093"),
            Readiness.portOpen("127.0.0.1", 9092),
            List.of(ETCD),
            Duration.ofSeconds(60)),
        new Component(
            RELAY,
            springBoot("services/relay/target/relay-" + VERSION + ".jar", "-Xmx256m", 8082,
                "--capstan.etcd.endpoints=http://127.0.0.1:2379",
                "--capstan.kafka.bootstrap-servers=127.0.0.1:9092"),
            health(8082),
            List.of(CONFIG_SERVER, ETCD, KAFKA),
            Duration.ofSeconds(180)),
        new Component(
            APISERVER,
            List.of(
                java,
                "-Xmx512m",
                "-jar",
                home.resolve("services/apiserver/target/apiserver-" + VERSION + "-exec.jar")
                    .toString(),
                "--capstan.pki-dir=" + workspace.pki(),
                "--capstan.etcd.endpoints=http://127.0.0.1:2379"),
            APISERVER_URL.resolve("/readyz"),
            // The apiserver's watch cache reads the bus the relay fills.
            List.of(CONFIG_SERVER, ETCD, KAFKA, RELAY),
            // 90 s was not enough on a two-core host at load 20 (ready after about 130 s).
            Duration.ofSeconds(180)),
        // Reads pods and nodes from the bus, lists and binds through the apiserver as
        // system:kube-scheduler (its own certificate, made by capstan init).
        new Component(
            SCHEDULER,
            springBoot("services/scheduler/target/scheduler-" + VERSION + "-exec.jar", "-Xmx384m", 10259,
                "--capstan.api.kubeconfig=" + workspace.componentKubeconfig("scheduler"),
                "--capstan.kafka.bootstrap-servers=127.0.0.1:9092"),
            health(10259),
            List.of(CONFIG_SERVER, KAFKA, APISERVER),
            Duration.ofSeconds(90)),
        // The workload, garbage-collection, namespace and service-account controllers: reads the
        // bus, writes through the apiserver as system:kube-controller-manager; publishes the cluster
        // CA as kube-root-ca.crt in every namespace.
        new Component(
            CONTROLLER_MANAGER,
            springBoot("services/controller-manager/target/controller-manager-" + VERSION + "-exec.jar",
                "-Xmx512m", 10257,
                "--capstan.api.kubeconfig=" + workspace.componentKubeconfig("controller-manager"),
                "--capstan.kafka.bootstrap-servers=127.0.0.1:9092",
                "--capstan.controller-manager.root-ca-file=" + workspace.pki().resolve("ca.crt")),
            health(10257),
            List.of(CONFIG_SERVER, KAFKA, APISERVER),
            Duration.ofSeconds(90)),
        // Approves node client CSRs from bootstrap tokens, signs approved CSRs with the cluster CA
        // (the only process holding its key) and serves the TokenReview and SubjectAccessReview
        // webhooks, as system:capstan:auth.
        new Component(
            AUTH,
            springBoot("services/auth/target/auth-" + VERSION + "-exec.jar", "-Xmx192m", 10262,
                "--capstan.auth.kubeconfig=" + workspace.componentKubeconfig("auth"),
                "--capstan.auth.ca-cert-file=" + workspace.pki().resolve("ca.crt"),
                "--capstan.auth.ca-key-file=" + workspace.pki().resolve("ca.key")),
            health(10262),
            List.of(APISERVER),
            Duration.ofSeconds(90)),
        // Podman's REST service with the project's containers.conf and storage of its own
        // (podman refuses a runroot longer than 50 characters, hence /run/capstan-podman-<hash>).
        new Component(
            PODMAN,
            podmanCommand("system", "service", "--time=0", "unix://" + podmanDir().resolve("podman.sock")),
            Readiness.unixSocket(podmanDir().resolve("podman.sock")),
            List.of(),
            Duration.ofSeconds(30)),
        // One node agent named after the host, as system:node:<host> (the Node authorizer limits it
        // to its own Node, Lease and pods); it builds localhost/capstan/busybox (:1 and :latest) if missing.
        new Component(
            NODE_AGENT,
            springBoot("services/node-agent/target/node-agent-" + VERSION + "-exec.jar", "-Xmx256m", 10248,
                "--capstan.node.kubeconfig=" + workspace.componentKubeconfig("node"),
                "--capstan.node.name=" + HostNodeName.get(),
                "--capstan.node.podman-socket=" + podmanDir().resolve("podman.sock"),
                "--capstan.node.state-dir=" + workspace.state().resolve("node"),
                "--capstan.node.cluster-dns=" + CLUSTER_DNS),
            health(10248),
            List.of(CONFIG_SERVER, APISERVER, PODMAN),
            Duration.ofSeconds(90)),
        // Service cluster IPs (as /32 addresses on lo, so root) and node ports, forwarded to endpoints.
        new Component(
            PROXY,
            springBoot("services/proxy/target/proxy-" + VERSION + "-exec.jar", "-Xmx256m", 10256,
                "--capstan.proxy.kubeconfig=" + workspace.componentKubeconfig("kube-proxy"),
                "--capstan.kafka.bootstrap-servers=127.0.0.1:9092"),
            health(10256),
            List.of(CONFIG_SERVER, KAFKA, APISERVER, NODE_AGENT),
            Duration.ofSeconds(90)),
        // cluster.local on CLUSTER_DNS:53 (UDP and TCP), the nameserver the node agent gives pods.
        new Component(
            DNS,
            springBoot("services/dns/target/dns-" + VERSION + "-exec.jar", "-Xmx256m", 9153,
                "--capstan.dns.kubeconfig=" + workspace.componentKubeconfig("dns"),
                "--capstan.dns.address=" + CLUSTER_DNS,
                "--capstan.kafka.bootstrap-servers=127.0.0.1:9092"),
            health(9153),
            List.of(CONFIG_SERVER, KAFKA, APISERVER, NODE_AGENT),
            Duration.ofSeconds(90)));
  }

  /**
   * {@code java -Xmx… -jar <home>/<jar> <args> --server.port=<port> --server.address=127.0.0.1}:
   * a Spring Boot component listening on loopback only.
   */
  private List<String> springBoot(String jar, String heap, int port, String... args) {
    List<String> command = new ArrayList<>(List.of(java, heap, "-jar", workspace.home().resolve(jar).toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1"));
    return command;
  }

  /** The actuator health endpoint of a component on {@code port}. */
  private static URI health(int port) {
    return URI.create("http://127.0.0.1:" + port + "/actuator/health");
  }

  /**
   * The podman CLI on the local cluster's own storage, network configs and containers.conf (the
   * service's flags, so the CLI sees what the service and the node agent created).
   */
  public List<String> podmanCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(
        "env", "CONTAINERS_CONF=" + workspace.home().resolve("config/podman/containers.conf"),
        "podman",
        "--root", podmanDir().resolve("root").toString(),
        "--runroot", podmanRunroot().toString(),
        "--tmpdir", podmanDir().resolve("tmp").toString(),
        "--network-config-dir", podmanDir().resolve("netconf").toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Podman refuses a runroot longer than 50 characters: a short one under /run per home. */
  public Path podmanRunroot() {
    return Path.of("/run", "capstan-podman-" + Integer.toHexString(podmanDir().toString().hashCode()));
  }

  public Path podmanDir() {
    return workspace.state().resolve("podman");
  }
}
