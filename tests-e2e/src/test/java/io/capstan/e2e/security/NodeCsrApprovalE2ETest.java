package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.auth.approver.NodeCsrApprover;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.SuiteSigner;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node join: a node holding only a bootstrap token submits a CSR for {@code system:node:<name>} with
 * kubectl; the auth service's approver (in-process, as {@code system:capstan:auth} with the
 * certificate {@code capstan init} made) approves it after a SubjectAccessReview, its signer
 * signs it, and the issued certificate authenticates as the node. A CSR for another subject stays
 * pending.
 */
class NodeCsrApprovalE2ETest {

  @Test
  void aBootstrapTokensNodeCsrIsApprovedAndSigned(@TempDir Path dir) throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    Kubectl admin = new Kubectl(api, dir);
    Path authKubeconfig = Identities.authKubeconfig(api, dir);
    SuiteSigner.ensure(api);
    String id = Kubectl.uniqueName("").substring(1, 7).replace('-', '0');
    admin.run("apply", "-f", admin.manifest("""
        apiVersion: v1
        kind: Secret
        metadata: {name: bootstrap-token-%s, namespace: kube-system}
        type: bootstrap.kubernetes.io/token
        stringData: {token-id: %s, token-secret: 0123456789abcdef, usage-bootstrap-authentication: "true"}
        """.formatted(id, id)).toString()).requireSuccess();
    Map<String, String> asBootstrap = Map.of("KUBECONFIG",
        Identities.tokenKubeconfig(api, dir, "boot", id + ".0123456789abcdef").toString());
    String node = Kubectl.uniqueName("joiner");

    try (KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(authKubeconfig))).build();
        NodeCsrApprover approver = new NodeCsrApprover(client)) {
      approver.start();
      Identities.run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "node.key");
      Identities.run(dir, "openssl", "req", "-new", "-key", "node.key", "-subj", "/O=system:nodes/CN=system:node:" + node,
          "-out", "node.csr");
      Identities.run(dir, "openssl", "req", "-new", "-key", "node.key", "-subj", "/O=system:masters/CN=system:node:" + node,
          "-out", "bad.csr");
      // The refused one first: the approver's informer hands it CSRs one at a time in the order
      // they were written, so once the node's is approved the refused one has been looked at.
      for (String[] csr : new String[][] {{"bad-" + id, "bad.csr"}, {"node-" + id, "node.csr"}}) {
        String request = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(csr[1])));
        KubectlResult created = admin.run(asBootstrap, "create", "-f", admin.manifest("""
            apiVersion: certificates.k8s.io/v1
            kind: CertificateSigningRequest
            metadata: {name: %s}
            spec:
              request: %s
              signerName: kubernetes.io/kube-apiserver-client-kubelet
              usages: [digital signature, client auth]
            """.formatted(csr[0], request)).toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
      }

      await("approved and issued").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(admin.run("get", "csr", "node-" + id, "-o", "jsonpath={.status.certificate}").stdout()).isNotEmpty());
      assertThat(admin.run("get", "csr", "node-" + id).stdout()).contains("Approved,Issued");
      assertThat(admin.run("get", "csr", "bad-" + id).stdout()).as("another subject is left for a person").contains("Pending");
    }
    byte[] cert = java.util.Base64.getDecoder().decode(
        admin.run("get", "csr", "node-" + id, "-o", "jsonpath={.status.certificate}").stdout().trim());
    Path nodeKubeconfig = Identities.certificateKubeconfig(api, dir, node, cert, Files.readAllBytes(dir.resolve("node.key")));
    KubectlResult whoami = admin.run("--kubeconfig=" + nodeKubeconfig, "auth", "whoami");
    assertThat(whoami.stdout()).as(whoami.toString()).contains("system:node:" + node).contains("system:nodes");
  }
}
