package io.capstan.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlTable;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Service networking on the whole cluster with real Podman pods: the proxy forwards a Service's
 * cluster IP and node port to its pods, cluster DNS names them, and pods reach both through
 * their default route (cluster IPs and the DNS address are /32 addresses on the host's lo).
 *
 * <p>Client pods connect by name with busybox {@code nc}: its libc resolves through the pod's
 * resolv.conf (cluster DNS, the namespace's search path, ndots:5), so a full name walks the search
 * list through NXDOMAIN answers before it is asked as is, and a short name is found through it.
 */
class ServiceNetworkingE2ETest {
  private static final String HTTPD = "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www";

  private final WholeCluster cluster = WholeCluster.shared();
  private final KubernetesClient client = cluster.client();

  @Test
  void aDeploymentBehindAServiceIsReachedByNameFromAPodAndByNodePortAndFollowsScaling() throws Exception {
    String ns = cluster.namespace("svc");
    createDeployment(ns, "web", 3, Map.of("app", "web"));
    Service svc = client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withType("NodePort").addToSelector("app", "web").addNewPort().withName("http")
        .withPort(80).withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();
    String clusterIp = svc.getSpec().getClusterIP();
    int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
    awaitReadyEndpoints(ns, "web", 3);
    Set<String> pods = podNames(ns, "app=web");
    assertThat(pods).hasSize(3);

    // From the node: the cluster IP spreads requests over all three pods; the node port reaches them too.
    await("the cluster IP reaches all 3 pods").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(spread(clusterIp, 80, 9)).isEqualTo(pods));
    assertThat(spread("127.0.0.1", nodePort, 6)).isEqualTo(pods);

    // From a pod: the full name and the short one resolve through the pod's resolv.conf, and repeated
    // requests by either name reach every pod.
    String name = "web." + ns + ".svc.cluster.local";
    client.pods().inNamespace(ns).resource(clientPod("client", "cat /etc/resolv.conf; "
        + "nslookup -type=a " + name + " | sed 's/^Address: /answer: /'; while true; do "
        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + name + " 80 | tail -n1 | sed 's/^/via full name: /'; "
        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 web 80 | tail -n1 | sed 's/^/via short name: /'; "
        + "sleep 0.2; done")).create();
    await("the client pod reaches all 3 pods by name").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          String log = log(ns, "client");
          for (String p : pods) assertThat(log).contains("via full name: " + p).contains("via short name: " + p);
        });
    assertThat(log(ns, "client")).contains("nameserver " + cluster.clusterDns().getHostString())
        .contains("search " + ns + ".svc.cluster.local svc.cluster.local cluster.local").contains("options ndots:5")
        .contains("answer: " + clusterIp);

    // Scaling to 1: the two pods that go stop getting connections within a few seconds (typically
    // well under 1 s; 15 s is the ceiling on a loaded two-core CI host).
    long t0 = System.nanoTime();
    client.apps().deployments().inNamespace(ns).withName("web").scale(1);
    Set<String> left = new HashSet<>();
    await("only one pod behind the cluster IP").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          Set<String> seen = spread(clusterIp, 80, 4);
          assertThat(seen).hasSize(1);
          left.clear();
          left.addAll(seen);
        });
    System.out.printf("scale 3 -> 1: the cluster IP served one pod after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(pods).containsAll(left);
  }

  @Test
  void aHeadlessServiceResolvesToItsPodsAndAStatefulSetPodByItsStableName() throws Exception {
    String ns = cluster.namespace("dns");
    createDeployment(ns, "db", 2, Map.of("app", "db", "role", "replica"));
    // A StatefulSet's pod gets hostname db-0 and subdomain db (its serviceName).
    client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder().withNewMetadata().withName("db")
        .endMetadata().withNewSpec().withServiceName("db").withReplicas(1).withNewSelector()
        .withMatchLabels(Map.of("app", "db", "role", "stateful")).endSelector().withNewTemplate().withNewMetadata()
        .withLabels(Map.of("app", "db", "role", "stateful")).endMetadata().withNewSpec()
        .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("httpd").withImage(WholeCluster.IMAGE)
        .withCommand("sh", "-c", HTTPD).addNewPort().withName("http").withContainerPort(80).endPort().endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
        .withNewSpec().withClusterIP("None").addToSelector("app", "db").addNewPort().withName("http").withPort(80)
        .endPort().endSpec().build()).create();
    awaitReadyEndpoints(ns, "db", 3);
    Set<String> podIps = client.pods().inNamespace(ns).withLabel("app", "db").list().getItems().stream()
        .map(p -> p.getStatus().getPodIP()).collect(Collectors.toSet());
    String stableIp = client.pods().inNamespace(ns).withName("db-0").get().getStatus().getPodIP();

    String base = "db." + ns + ".svc.cluster.local.";
    await("DNS has the 3 pod IPs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(Set.copyOf(answers(base, Type.A))).isEqualTo(podIps));
    assertThat(answers("db-0." + base, Type.A)).containsExactly(stableIp);
    assertThat(answers("_http._tcp." + base, Type.SRV)).hasSize(3).contains("0 33 80 db-0." + base);
    assertThat(ask("nope." + base, Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

    // From a pod, through its resolv.conf: the stable name, in full and relative to the namespace's search path.
    client.pods().inNamespace(ns).resource(clientPod("client", "while true; do "
        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 db-0.db." + ns + ".svc.cluster.local 80 | tail -n1 "
        + "| sed 's/^/via full name: /'; "
        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 db-0.db 80 | tail -n1 | sed 's/^/via short name: /'; "
        + "sleep 1; done")).create();
    await("a pod reaches db-0 by its stable name").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(log(ns, "client")).contains("via full name: db-0").contains("via short name: db-0"));
  }

  @Test
  void aLoadBalancerServiceGetsItsNodesAddressAsExternalIpAndIsReachedThroughItsNodePort(@TempDir Path home)
      throws Exception {
    String ns = cluster.namespace("lb");
    createDeployment(ns, "web", 1, Map.of("app", "web"));
    Service svc = client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withType("LoadBalancer").addToSelector("app", "web").addNewPort().withName("http")
        .withPort(80).withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();
    int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
    awaitReadyEndpoints(ns, "web", 1);
    Pod pod = client.pods().inNamespace(ns).withLabel("app", "web").list().getItems().get(0);
    String nodeIp = client.nodes().withName(pod.getSpec().getNodeName()).get().getStatus().getAddresses().stream()
        .filter(a -> "InternalIP".equals(a.getType())).findFirst().orElseThrow().getAddress();

    await("the service's ingress").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ingressIps(ns, "web")).contains(nodeIp));
    // The ingress is the node's address; the proxy serves the node port there (and on loopback).
    assertThat(get(nodeIp, nodePort)).isEqualTo(pod.getMetadata().getName());
    assertThat(get("127.0.0.1", nodePort)).isEqualTo(pod.getMetadata().getName());

    KubectlTable table = new Kubectl(cluster.api(), home).run("get", "svc", "web", "-n", ns).requireSuccess().table();
    assertThat(String.join(" ", table.column("EXTERNAL-IP"))).contains(nodeIp).doesNotContain("pending");
    assertThat(table.column("PORT(S)")).containsExactly("80:" + nodePort + "/TCP");
  }

  @Test
  void aPodThatTurnsUnreadyStopsGettingNewConnectionsWithinSeconds(@TempDir Path home) throws Exception {
    String ns = cluster.namespace("ready");
    Map<String, String> labels = Map.of("app", "web");
    // Ready while /tmp/ready exists, probed every second: removing the file turns the pod unready.
    Container httpd = new ContainerBuilder().withName("httpd").withImage(WholeCluster.IMAGE)
        .withCommand("sh", "-c", "touch /tmp/ready && " + HTTPD).addNewPort().withName("http").withContainerPort(80)
        .endPort().withNewReadinessProbe().withNewExec().withCommand("cat", "/tmp/ready").endExec()
        .withPeriodSeconds(1).withFailureThreshold(1).endReadinessProbe().build();
    client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
        .withTerminationGracePeriodSeconds(1L).addToContainers(httpd).endSpec().endTemplate().endSpec().build())
        .create();
    String clusterIp = client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata()
        .withName("web").endMetadata().withNewSpec().addToSelector(labels).addNewPort().withName("http").withPort(80)
        .withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create().getSpec().getClusterIP();
    awaitReadyEndpoints(ns, "web", 2);
    Set<String> pods = podNames(ns, "app=web");
    await("the cluster IP reaches both pods").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(spread(clusterIp, 80, 6)).isEqualTo(pods));
    String victim = pods.iterator().next();
    Set<String> others = new HashSet<>(pods);
    others.remove(victim);

    new Kubectl(cluster.api(), home).run("exec", victim, "-n", ns, "--", "rm", "/tmp/ready").requireSuccess();
    long t0 = System.nanoTime();
    // A failed probe (1 s period), the pod's Ready condition, the EndpointSlice, then the proxy:
    // a few seconds at most; 15 s is the ceiling on a loaded two-core CI host.
    await("the unready pod leaves the service").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          assertThat(endpointReadiness(ns, "web")).containsEntry(victim, false).containsEntry(others.iterator().next(), true);
          assertThat(spread(clusterIp, 80, 6)).isEqualTo(others);
        });
    System.out.printf("readiness lost: the cluster IP stopped serving the pod after %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    // It stays out while unready.
    assertThat(spread(clusterIp, 80, 6)).isEqualTo(others);
  }

  private List<String> ingressIps(String ns, String service) {
    Service s = client.services().inNamespace(ns).withName(service).get();
    if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return s.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp).toList();
  }

  /** Pod name → the EndpointSlice's ready condition for it. */
  private Map<String, Boolean> endpointReadiness(String ns, String service) {
    return client.discovery().v1().endpointSlices().inNamespace(ns)
        .withLabel("kubernetes.io/service-name", service).list().getItems().stream()
        .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
        .filter(e -> e.getTargetRef() != null && e.getConditions() != null)
        .collect(Collectors.toMap(e -> e.getTargetRef().getName(),
            e -> Boolean.TRUE.equals(e.getConditions().getReady()), (a, b) -> a && b));
  }

  private void createDeployment(String ns, String name, int replicas, Map<String, String> labels) {
    Deployment d = new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
        // busybox httpd ignores SIGTERM: a short grace keeps scale-down quick.
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("httpd").withImage(WholeCluster.IMAGE).withCommand("sh", "-c", HTTPD)
        .addNewPort().withName("http").withContainerPort(80).endPort().endContainer()
        .endSpec().endTemplate().endSpec().build();
    client.apps().deployments().inNamespace(ns).resource(d).create();
  }

  private static Pod clientPod(String name, String script) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("client").withImage(WholeCluster.IMAGE)
        .withCommand("sh", "-c", script).endContainer().endSpec().build();
  }

  private void awaitReadyEndpoints(String ns, String service, int n) {
    await(n + " ready endpoints of " + service).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> readyEndpoints(ns, service) == n);
  }

  private long readyEndpoints(String ns, String service) {
    List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns)
        .withLabel("kubernetes.io/service-name", service).list().getItems();
    return slices.stream().flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
        .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady())).count();
  }

  private Set<String> podNames(String ns, String selector) {
    String[] kv = selector.split("=");
    return client.pods().inNamespace(ns).withLabel(kv[0], kv[1]).list().getItems().stream()
        .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
  }

  private String log(String ns, String pod) {
    try {
      return client.pods().inNamespace(ns).withName(pod).getLog();
    } catch (RuntimeException e) {
      return ""; // not running yet
    }
  }

  /** The bodies of {@code n} HTTP/1.0 GETs, each on its own connection (what the pods serve: their hostname). */
  private static Set<String> spread(String ip, int port, int n) throws IOException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) seen.add(get(ip, port));
    return seen;
  }

  private static String get(String ip, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 2000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.");
      return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
    }
  }

  private Message ask(String name, int type) throws IOException {
    SimpleResolver r = new SimpleResolver(cluster.clusterDns());
    r.setTimeout(Duration.ofSeconds(2));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private List<String> answers(String name, int type) throws IOException {
    return ask(name, type).getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }
}
