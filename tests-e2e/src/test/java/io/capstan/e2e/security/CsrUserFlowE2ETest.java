package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.SuiteSigner;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's acceptance flow, exactly as an administrator does it: openssl key and request,
 * a CertificateSigningRequest, {@code kubectl certificate approve} (the auth service's signer issues it), a kubeconfig with the issued
 * certificate, {@code kubectl auth whoami}, then RBAC: forbidden until a RoleBinding grants
 * {@code edit} in one namespace, allowed there and forbidden elsewhere.
 */
class CsrUserFlowE2ETest {

  @Test
  void anApprovedCsrBecomesAUserWhoseRightsComeFromRbac(@TempDir Path home) throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    Kubectl admin = new Kubectl(api, home);
    SuiteSigner.ensure(api);
    issueAndUse(api, admin, home);
  }

  private static void issueAndUse(ApiServerProcess api, Kubectl admin, Path home) throws Exception {
    String user = Kubectl.uniqueName("manoj");
    Identities.run(home, "openssl", "genrsa", "-out", "user.key", "2048");
    Identities.run(home, "openssl", "req", "-new", "-key", "user.key", "-subj", "/CN=" + user + "/O=dev", "-out", "user.csr");
    String request = Base64.getEncoder().encodeToString(Files.readAllBytes(home.resolve("user.csr")));
    Path csr = admin.manifest("""
        apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata:
          name: %s
        spec:
          request: %s
          signerName: kubernetes.io/kube-apiserver-client
          expirationSeconds: 86400
          usages:
          - client auth
        """.formatted(user, request));
    admin.run("create", "-f", csr.toString()).requireSuccess();

    KubectlResult approved = admin.run("certificate", "approve", user);
    assertThat(approved.stdout()).as(approved.toString())
        .isEqualTo("certificatesigningrequest.certificates.k8s.io/" + user + " approved\n");
    String[] issued = new String[1];
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      KubectlResult r = admin.run("get", "csr", user, "-o", "jsonpath={.status.certificate}");
      assertThat(r.stdout()).as(r.toString()).isNotEmpty();
      issued[0] = r.stdout();
    });
    KubectlResult listed = admin.run("get", "csr", user);
    assertThat(listed.stdout()).as(listed.toString()).contains("Approved,Issued");

    Path kubeconfig = Identities.certificateKubeconfig(api, home, user, Base64.getDecoder().decode(issued[0]),
        Files.readAllBytes(home.resolve("user.key")));
    Kubectl asUser = new Kubectl(api, home);
    Map<String, String> env = Map.of("KUBECONFIG", kubeconfig.toString());

    KubectlResult whoami = asUser.run(env, "auth", "whoami");
    assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
    assertThat(whoami.stdout()).containsPattern("Username\\s+" + user + "\n")
        .containsPattern("Groups\\s+\\[dev system:authenticated\\]");

    String allowedNs = admin.createNamespace("csr-edit");
    String otherNs = admin.createNamespace("csr-other");
    KubectlResult forbidden = asUser.run(env, "get", "pods", "-n", allowedNs);
    assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(1);
    assertThat(forbidden.stderr()).isEqualTo("Error from server (Forbidden): pods is forbidden: User \"" + user
        + "\" cannot list resource \"pods\" in API group \"\" in the namespace \"" + allowedNs + "\"\n");

    admin.run("create", "rolebinding", user + "-edit", "--clusterrole=edit", "--user=" + user, "-n", allowedNs)
        .requireSuccess();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      KubectlResult r = asUser.run(env, "get", "pods", "-n", allowedNs);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stderr()).isEqualTo("No resources found in " + allowedNs + " namespace.\n");
    });
    KubectlResult created = asUser.run(env, "create", "configmap", "c1", "--from-literal=k=v", "-n", allowedNs);
    assertThat(created.stdout()).as(created.toString()).isEqualTo("configmap/c1 created\n");
    KubectlResult elsewhere = asUser.run(env, "create", "configmap", "c1", "--from-literal=k=v", "-n", otherNs);
    assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isEqualTo(1);
    assertThat(elsewhere.stderr()).isEqualTo("error: failed to create configmap: configmaps is forbidden: User \"" + user
        + "\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"" + otherNs + "\"\n");
    assertThat(asUser.run(env, "auth", "can-i", "create", "deployments", "-n", allowedNs).stdout()).isEqualTo("yes\n");
    KubectlResult no = asUser.run(env, "auth", "can-i", "create", "deployments", "-n", otherNs);
    assertThat(no.stdout()).as(no.toString()).isEqualTo("no\n");
    assertThat(no.exitCode()).isEqualTo(1);
    // edit grants no RBAC rights at all
    KubectlResult bind = asUser.run(env, "create", "rolebinding", "x", "--clusterrole=admin", "--user=" + user, "-n", allowedNs);
    assertThat(bind.exitCode()).as(bind.toString()).isEqualTo(1);
    assertThat(bind.stderr()).isEqualTo("error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io is forbidden: "
        + "User \"" + user + "\" cannot create resource \"rolebindings\" in API group \"rbac.authorization.k8s.io\" in the namespace \""
        + allowedNs + "\"\n");
  }
}
