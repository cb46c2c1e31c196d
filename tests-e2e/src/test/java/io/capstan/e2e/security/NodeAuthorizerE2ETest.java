package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.nodeagent.objects.InformerObjectWatch;
import io.capstan.nodeagent.objects.ObjectUnavailable;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node authorizer through the real kubectl with a node's client certificate
 * ({@code system:node:<name>}, {@code system:nodes}): the node reads the secret its pod mounts but
 * not another, gets tokens only for its pod's service account bound to that pod, updates its own
 * Node but not another node's, and deletes only its own pods; and NodeRestriction admission behind
 * it: no restricted labels or taint changes on its own Node, no pods but mirror pods, only its own
 * Lease, Events freely. A list or watch narrowed to one name by {@code fieldSelector=metadata.name=}
 * reaches a config map its pod uses, as the node agent's per-object watches do, and no other.
 */
class NodeAuthorizerE2ETest {
  private static ApiServerProcess api;
  private static Kubectl admin;
  private static Path dir;

  @BeforeAll
  static void start(@TempDir Path tmp) {
    api = ApiServerProcess.shared();
    admin = new Kubectl(api, tmp);
    dir = tmp;
  }

  private static Path nodeKubeconfig(String node) throws Exception {
    KeyPair keys = Tls.keys();
    X509Certificate cert = Tls.sign("CN=system:node:" + node + ",O=system:nodes", keys,
        Tls.certificate(api.pki().resolve("ca.crt")), Tls.key(api.pki().resolve("ca.key")));
    return Identities.certificateKubeconfig(api, dir, node, pem("CERTIFICATE", cert.getEncoded()),
        pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
  }

  /** PEM as kubectl reads it (the JDK's EC key encoding is PKCS#8). */
  private static byte[] pem(String type, byte[] der) {
    String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aNodeReachesOnlyWhatItsPodsUse() throws Exception {
    String ns = admin.createNamespace("nodeauthz");
    String node = Kubectl.uniqueName("worker");
    String other = Kubectl.uniqueName("worker");
    admin.run("create", "secret", "generic", "mounted", "--from-literal=a=b", "-n", ns).requireSuccess();
    admin.run("create", "secret", "generic", "unrelated", "--from-literal=a=b", "-n", ns).requireSuccess();
    admin.run("create", "serviceaccount", "web", "-n", ns).requireSuccess();
    admin.run("apply", "-f", admin.manifest("""
        apiVersion: v1
        kind: Node
        metadata: {name: %1$s}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: %2$s}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: mine, namespace: %3$s}
        spec:
          nodeName: %1$s
          serviceAccountName: web
          containers: [{name: c, image: busybox}]
          volumes: [{name: s, secret: {secretName: mounted}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: theirs, namespace: %3$s}
        spec:
          nodeName: %2$s
          containers: [{name: c, image: busybox}]
        """.formatted(node, other, ns)).toString()).requireSuccess();
    String kc = "--kubeconfig=" + nodeKubeconfig(node);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      KubectlResult r = admin.run(kc, "get", "secret", "mounted", "-n", ns);
      assertThat(r.exitCode()).as(r.toString()).isZero();
    });
    KubectlResult unrelated = admin.run(kc, "get", "secret", "unrelated", "-n", ns);
    assertThat(unrelated.stderr()).contains("User \"system:node:" + node + "\" cannot get resource \"secrets\"")
        .contains("no relationship found between node '" + node + "' and this object");

    // Tokens: only for its pods' service accounts, and only bound to a pod of its own (NodeRestriction).
    String mineUid = admin.run("get", "pod", "mine", "-n", ns, "-o", "jsonpath={.metadata.uid}").requireSuccess().stdout();
    String theirsUid = admin.run("get", "pod", "theirs", "-n", ns, "-o", "jsonpath={.metadata.uid}").requireSuccess().stdout();
    KubectlResult bound = admin.run(kc, "create", "token", "web", "-n", ns, "--bound-object-kind=Pod",
        "--bound-object-name=mine", "--bound-object-uid=" + mineUid);
    assertThat(bound.exitCode()).as(bound.toString()).isZero();
    assertThat(bound.stdout()).matches("(?s)[\\w-]+\\.[\\w-]+\\.[\\w-]+\\s*");
    assertThat(admin.run(kc, "create", "token", "web", "-n", ns).stderr())
        .contains("serviceaccounts \"web\" is forbidden: node requested token not bound to a pod");
    assertThat(admin.run(kc, "create", "token", "web", "-n", ns, "--bound-object-kind=Pod", "--bound-object-name=theirs",
        "--bound-object-uid=" + theirsUid).stderr())
        .contains("node requested token bound to a pod scheduled on a different node");
    assertThat(admin.run(kc, "create", "token", "default", "-n", ns, "--bound-object-kind=Pod", "--bound-object-name=mine",
        "--bound-object-uid=" + mineUid).stderr())
        .contains("User \"system:node:" + node + "\" cannot create resource \"serviceaccounts/token\"");

    assertThat(admin.run(kc, "label", "node", node, "capstan.io/checked=yes").exitCode()).isZero();
    assertThat(admin.run(kc, "label", "node", other, "capstan.io/checked=yes").stderr())
        .contains("can only modify its own Node object");
    assertThat(admin.run(kc, "get", "pods", "-n", ns).exitCode()).isZero();
    assertThat(admin.run(kc, "get", "deployments", "-n", ns).stderr()).contains("(Forbidden)");
    assertThat(admin.run(kc, "delete", "pod", "theirs", "-n", ns, "--wait=false").stderr())
        .contains("can only modify pods bound to it");
    KubectlResult own = admin.run(kc, "delete", "pod", "mine", "-n", ns, "--wait=false");
    assertThat(own.exitCode()).as(own.toString()).isZero();
  }

  /** The node agent's per-object watch: a list or watch narrowed by metadata.name to one referenced object. */
  @Test
  void aNodeWatchesOneConfigMapItsPodsUseByName() throws Exception {
    String ns = admin.createNamespace("nodewatch");
    String node = Kubectl.uniqueName("worker");
    admin.run("create", "configmap", "used", "--from-literal=greeting=one", "-n", ns).requireSuccess();
    admin.run("create", "configmap", "unrelated", "--from-literal=greeting=one", "-n", ns).requireSuccess();
    admin.run("apply", "-f", admin.manifest("""
        apiVersion: v1
        kind: Node
        metadata: {name: %1$s}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: mine, namespace: %2$s}
        spec:
          nodeName: %1$s
          containers: [{name: c, image: busybox}]
          volumes: [{name: cfg, configMap: {name: used}}]
        """.formatted(node, ns)).toString()).requireSuccess();
    Path kubeconfig = nodeKubeconfig(node);
    String kc = "--kubeconfig=" + kubeconfig;
    String watch = "/api/v1/namespaces/" + ns + "/configmaps?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3D";

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      KubectlResult r = admin.run(kc, "get", "--raw", watch + "used");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout()).contains("\"type\":\"ADDED\"").contains("\"name\":\"used\"").doesNotContain("unrelated");
    });
    KubectlResult list = admin.run(kc, "get", "configmaps", "-n", ns, "--field-selector=metadata.name=used", "-o", "name");
    assertThat(list.stdout()).as(list.toString()).isEqualTo("configmap/used\n");

    KubectlResult unrelated = admin.run(kc, "get", "--raw", watch + "unrelated");
    assertThat(unrelated.stderr()).contains("(Forbidden)")
        .contains("configmaps \"unrelated\" is forbidden: User \"system:node:" + node + "\" cannot watch resource \"configmaps\"")
        .contains("no relationship found between node '" + node + "' and this object");
    assertThat(admin.run(kc, "get", "configmaps", "-n", ns).stderr())
        .contains("User \"system:node:" + node + "\" cannot list resource \"configmaps\"");

    // The node agent's own per-object watch, as that node: it follows the one it may read.
    Config nodeConfig = Config.fromKubeconfig(Files.readString(kubeconfig));
    nodeConfig.setClientKeyAlgo("EC"); // a PKCS#8 key does not name its algorithm, and fabric8 assumes RSA
    try (KubernetesClient asNode = new KubernetesClientBuilder().withConfig(nodeConfig).build();
        InformerObjectWatch<ConfigMap> used = InformerObjectWatch.start(asNode, ConfigMap.class, ns, "used");
        InformerObjectWatch<ConfigMap> refused = InformerObjectWatch.start(asNode, ConfigMap.class, ns, "unrelated")) {
      used.awaitListed(Duration.ofSeconds(30));
      assertThat(used.current()).map(c -> c.getData().get("greeting")).contains("one");
      admin.run("patch", "configmap", "used", "-n", ns, "-p", "{\"data\":{\"greeting\":\"two\"}}").requireSuccess();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(used.current()).map(c -> c.getData().get("greeting")).contains("two"));
      assertThatThrownBy(() -> refused.awaitListed(Duration.ofSeconds(30)))
          .isInstanceOf(ObjectUnavailable.class).hasMessageContaining("Forbidden");
    }
  }

  @Test
  void nodeRestrictionKeepsANodeToItsOwnObjects() throws Exception {
    String ns = admin.createNamespace("noderestrict");
    String node = Kubectl.uniqueName("worker");
    admin.run("apply", "-f", admin.manifest("""
        apiVersion: v1
        kind: Node
        metadata: {name: %s}
        """.formatted(node)).toString()).requireSuccess();
    String kc = "--kubeconfig=" + nodeKubeconfig(node);

    KubectlResult allowedLabel = admin.run(kc, "label", "node", node, "topology.kubernetes.io/zone=z1");
    assertThat(allowedLabel.exitCode()).as(allowedLabel.toString()).isZero();
    assertThat(admin.run(kc, "label", "node", node, "node-restriction.kubernetes.io/pci=true").stderr())
        .contains("nodes \"" + node + "\" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/pci");
    assertThat(admin.run(kc, "taint", "node", node, "dedicated=db:NoSchedule").stderr())
        .contains("node \"" + node + "\" is not allowed to modify taints");
    assertThat(admin.run(kc, "run", "plain", "--image=busybox", "-n", ns).stderr())
        .contains("pod does not have \"kubernetes.io/config.mirror\" annotation, node \"" + node + "\" can only create mirror pods");

    String lease = """
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: %s, namespace: kube-node-lease}
        spec: {holderIdentity: %s, leaseDurationSeconds: 40}
        """;
    assertThat(admin.run(kc, "create", "-f", admin.manifest(lease.formatted("someone-else", node)).toString()).stderr())
        .contains("can only access node lease with the same name as the requesting node");
    KubectlResult ownLease = admin.run(kc, "create", "-f", admin.manifest(lease.formatted(node, node)).toString());
    assertThat(ownLease.exitCode()).as(ownLease.toString()).isZero();
    KubectlResult event = admin.run(kc, "create", "-n", ns, "-f", admin.manifest("""
        apiVersion: v1
        kind: Event
        metadata: {name: %1$s.started}
        involvedObject: {kind: Node, name: %1$s}
        reason: Starting
        message: node agent started
        """.formatted(node)).toString());
    assertThat(event.exitCode()).as(event.toString()).isZero();
  }
}
