package io.capstan.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.security.Tls;
import io.capstan.e2e.support.Fabric8;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What kubectl reaches through the node API, on real Podman: {@code top} (the apiserver's
 * metrics API reads the agents' {@code /stats/summary}), and exec, attach and port-forward: kubectl speaks WebSocket ({@code
 * v5.channel.k8s.io}; SPDY tunnelled in WebSocket for port-forward) to the apiserver, which
 * proxies the upgraded connection to the node agent, which runs the process through Podman's exec
 * (or attach) API, or connects to the pod's IP.
 */
class KubectlNodeApiPodmanTest {
  static KubernetesClient client;
  static Kubectl kubectl;
  static NodeFixture node;
  static String ns;
  static String shell;
  static ApiServerProcess api;
  static Path home;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    api = ApiServerProcess.shared();
    home = dir;
    client = Fabric8.client(api);
    kubectl = new Kubectl(api, home);
    node = new NodeFixture(client, "e2e-exec");
    ns = Fabric8.createNamespaceForPods(client, api, "exec");
    shell = Kubectl.uniqueName("sh");
    create(new PodBuilder().withNewMetadata().withName(shell).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "echo ready; exec sleep 3600")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(shell)));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (client != null) client.close();
  }

  @Test
  void execPrintsTheCommandsOutput() {
    KubectlResult r = kubectl.run("exec", shell, "-n", ns, "--", "echo", "hi", "there");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("hi there\n");
    KubectlResult env = kubectl.run("exec", shell, "-n", ns, "--", "sh", "-c", "echo $HOSTNAME; pwd");
    assertThat(env.requireSuccess().stdout()).isEqualTo(shell + "\n/\n");
  }

  @Test
  void aNonZeroExitIsKubectlsExitCodeAndStderrIsKeptApart() {
    KubectlResult r = kubectl.run("exec", shell, "-n", ns, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).contains("err\n").contains("command terminated with exit code 3");
  }

  @Test
  void stdinReachesTheProcessAndItsEofEndsIt() {
    KubectlResult r = kubectl.runWithInput("hello\nworld\n", "exec", "-i", shell, "-n", ns, "--", "tr", "a-z", "A-Z");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("HELLO\nWORLD\n");
  }

  @Test
  void anInteractiveShellGetsATerminalOfTheClientsSize() throws Exception {
    // script(1) gives kubectl a pseudo-terminal, as a person's shell would: -t needs one.
    // kubectl sends the terminal's size and the typed line concurrently, so the line waits (at
    // most 10 s) for the resize to land, as a person's typing would; a size that never lands is
    // still printed wrong. (Spelled 31x97 so that the terminal's echo of the line is not taken
    // for stty's answer.)
    Path input = Files.writeString(Files.createTempFile("exec-it", ".in"), "i=0; until [ \"$(stty size | tr ' ' x)\" = 31x97 ]"
        + " || [ $i -ge 50 ]; do sleep 0.2; i=$((i+1)); done; stty size; tty; exit 4\n");
    Path output = Files.createTempFile("exec-it", ".out");
    String cmd = "stty cols 97 rows 31; kubectl exec -it " + shell + " -n " + ns + " -- sh";
    ProcessBuilder pb = new ProcessBuilder("script", "-qfec", cmd, "/dev/null")
        .redirectInput(input.toFile())
        .redirectOutput(output.toFile())
        .redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", api.kubeconfig().toString());
    pb.environment().put("HOME", home.toString());
    Process p = pb.start();
    try {
      boolean exited = p.waitFor(60, TimeUnit.SECONDS);
      String out = new String(Files.readAllBytes(output));
      assertThat(exited).as("kubectl exec -it exited within 60 s:%n%s", out).isTrue();
      assertThat(p.exitValue()).as(out).isEqualTo(4);
      assertThat(out).contains("31 97").contains("/dev/pts/");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aMissingContainerOrACompletedPodIsABadRequest() {
    KubectlResult wrong = kubectl.run("exec", shell, "-n", ns, "-c", "nope", "--", "true");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).contains("container nope is not valid for pod " + shell);
    String done = Kubectl.uniqueName("done");
    create(new PodBuilder().withNewMetadata().withName(done).endMetadata().withNewSpec().withNodeName(node.node)
        .withRestartPolicy("Never").addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withCommand("true").endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(phase(done)));
    KubectlResult late = kubectl.run("exec", done, "-n", ns, "--", "true");
    assertThat(late.exitCode()).isNotZero();
    assertThat(late.stderr()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
  }

  @Test
  void attachConnectsToTheMainProcessesStreams() {
    String name = Kubectl.uniqueName("att");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .withRestartPolicy("Never").addNewContainer().withName("app").withImage(BusyboxImage.REFERENCE)
            .withStdin(true).withCommand("sh", "-c", "read line; echo got-$line; echo bye >&2")
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(name)));
    KubectlResult r = kubectl.runWithInput("hello\n", "attach", "-i", name, "-n", ns);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("got-hello\n");
    assertThat(r.stderr()).contains("bye\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> "Succeeded".equals(phase(name)));
  }

  @Test
  void portForwardReachesAServerOnThePodsLoopbackOverSeveralConnections() throws Exception {
    String name = Kubectl.uniqueName("web");
    // Ready, not just Running: httpd starts after the files are written, and a connection the
    // pod refuses ends kubectl's port-forward. httpd listens on the pod's loopback only, which
    // the kubelet's port-forward reaches from inside the pod's network namespace.
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("web").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "mkdir -p /www && echo hello-from-$(hostname) > /www/index.html"
                + " && dd if=/dev/zero of=/www/big bs=1000 count=300 2>/dev/null && exec httpd -f -p 127.0.0.1:8080 -h /www")
            .withNewReadinessProbe().withNewExec().withCommand("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/")
                .endExec().withPeriodSeconds(1).endReadinessProbe()
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> ready(name));
    int local;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      local = free.getLocalPort();
    }
    try (Kubectl.Running pf = kubectl.start("port-forward", "pod/" + name, "-n", ns, local + ":8080",
        "--request-timeout=0")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> pf.stdoutSoFar().contains("Forwarding from 127.0.0.1:" + local)
          || !pf.isAlive());
      assertThat(pf.isAlive()).as(pf.stderrSoFar()).isTrue();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 3; i++) {
        // httpd closes each connection, so each request is a new stream pair through the tunnel.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("hello-from-" + name + "\n");
      }
      HttpResponse<byte[]> big = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/big"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(big.body()).hasSize(300_000);
      assertThat(pf.stdoutSoFar()).contains("Handling connection for " + local);
    }
  }

  @Test
  void topShowsAPodsCpuAndMemoryAndTheNodes() {
    String name = Kubectl.uniqueName("busy");
    create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node.node)
        .addNewContainer().withName("spin").withImage(BusyboxImage.REFERENCE)
            .withCommand("sh", "-c", "while true; do :; done")
            .withNewResources().addToLimits("cpu", new Quantity("100m")).addToLimits("memory", new Quantity("64Mi"))
            .endResources()
        .endContainer().endSpec().build());
    await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(name)));
    // The loop runs at its 100m quota; the first samples may still see it starting.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      KubectlResult top = kubectl.run("top", "pod", name, "-n", ns);
      assertThat(top.exitCode()).as(top.toString()).isZero();
      Map<String, String> row = top.table().rows().get(0);
      assertThat(row.get("NAME")).isEqualTo(name);
      int millicores = Integer.parseInt(row.get("CPU(cores)").replace("m", ""));
      assertThat(millicores).as(top.toString()).isBetween(40, 150);
      assertThat(row.get("MEMORY(bytes)")).matches("[0-9]+Mi");
    });
    KubectlResult containers = kubectl.run("top", "pod", name, "-n", ns, "--containers");
    assertThat(containers.requireSuccess().stdout()).contains("spin");
    KubectlResult top = kubectl.run("top", "node", node.node);
    assertThat(top.exitCode()).as(top.toString()).isZero();
    Map<String, String> row = top.table().rows().get(0);
    assertThat(row.get("NAME")).isEqualTo(node.node);
    assertThat(Integer.parseInt(row.get("CPU(cores)").replace("m", ""))).isPositive();
    assertThat(Long.parseLong(row.get("MEMORY(bytes)").replace("Mi", ""))).isPositive();
  }

  /**
   * The node API itself: HTTPS with a serving certificate the cluster CA signed for the node's
   * address (from an approved kubelet-serving CSR), and only callers with a client certificate the
   * apiserver allows on {@code nodes/stats}: none is 401, a user without the right 403, the
   * apiserver's kubelet-client certificate 200.
   */
  @Test
  void theNodeApiServesHttpsAndRefusesCallersWithoutACertificateOrTheRight() throws Exception {
    X509Certificate ca = Tls.certificate(api.pki().resolve("ca.crt"));
    Node n = client.nodes().withName(node.node).get();
    String ip = n.getStatus().getAddresses().stream().filter(a -> a.getType().equals("InternalIP")).findFirst()
        .orElseThrow().getAddress();
    URI summary = URI.create("https://" + ip + ":" + n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()
        + "/stats/summary");
    HttpResponse<String> anonymous = get(Tls.context(ca, null, null), summary);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    KeyPair nobodyKeys = Tls.keys();
    X509Certificate nobody = Tls.sign("CN=e2e-nobody,O=e2e-nobodies", nobodyKeys, ca, Tls.key(api.pki().resolve("ca.key")));
    HttpResponse<String> forbidden = get(Tls.context(ca, nobody, nobodyKeys.getPrivate()), summary);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).isEqualTo("Forbidden (user=e2e-nobody, verb=get, resource=nodes, subresource=stats)");
    HttpResponse<String> apiserver = get(Tls.context(ca, Tls.certificate(api.pki().resolve("apiserver-kubelet-client.crt")),
        Tls.key(api.pki().resolve("apiserver-kubelet-client.key"))), summary);
    assertThat(apiserver.statusCode()).as(apiserver.body()).isEqualTo(200);
    assertThat(apiserver.body()).contains("\"nodeName\":\"" + node.node + "\"");
    assertThat(client.certificates().v1().certificateSigningRequests().list().getItems())
        .filteredOn(csr -> csr.getMetadata().getName().startsWith("node-serving-" + node.node + "-"))
        .isNotEmpty()
        .allSatisfy(csr -> {
          assertThat(csr.getSpec().getSignerName()).isEqualTo("kubernetes.io/kubelet-serving");
          assertThat(csr.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Approved"));
          assertThat(csr.getStatus().getCertificate()).isNotEmpty();
        });
  }

  /** A GET verifying the node's certificate against the cluster CA and its IP (the JDK's HTTPS identification). */
  static HttpResponse<String> get(SSLContext tls, URI uri) throws Exception {
    return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static void create(Pod pod) {
    client.pods().inNamespace(ns).resource(pod).create();
  }

  static boolean ready(String name) {
    Pod p = client.pods().inNamespace(ns).withName(name).get();
    return p != null && p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String phase(String name) {
    Pod p = client.pods().inNamespace(ns).withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }
}
