package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.cluster.WholeCluster;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A pod talks to the API the Kubernetes way: the ServiceAccount admission gives it the
 * {@code kube-api-access-*} projected volume, the node agent fills it with a token bound to the pod
 * (TokenRequest), the cluster CA and the namespace, and curl in the pod calls
 * {@code https://kubernetes.default.svc} — cluster DNS and the service proxy lead it to the suite's
 * apiserver, whose certificate names that host. The pod may list pods, which its service account's
 * Role grants, but not secrets; its token dies with the pod.
 */
class ServiceAccountInPodE2ETest {
  static final String SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  @Test
  void aPodActsWithItsServiceAccountsRightsOnlyThroughTheKubernetesService(@TempDir Path home) throws Exception {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("satoken");
    kubectl.run("create", "serviceaccount", "reader", "-n", ns).requireSuccess();
    kubectl.run("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns).requireSuccess();
    kubectl.run("create", "rolebinding", "reader", "--role=pod-reader", "--serviceaccount=" + ns + ":reader", "-n", ns)
        .requireSuccess();

    // Retried: the RBAC cache may not hold the new binding at the first call.
    String call = "curl -sS --cacert " + SA_DIR + "/ca.crt -H \"Authorization: Bearer $(cat " + SA_DIR + "/token)\" "
        + "-o /tmp/body -w '%{http_code}' https://kubernetes.default.svc/api/v1/namespaces/$(cat " + SA_DIR + "/namespace)/";
    String script = "i=0; until [ \"$(" + call + "pods)\" = 200 ]; do i=$((i+1)); [ $i -ge 60 ] && break; sleep 1; done; "
        + "echo pods-tries=$i; cat /tmp/body; echo; "
        + "echo secrets-status=$(" + call + "secrets); cat /tmp/body; echo; echo done; sleep 3600";
    kubectl.run("apply", "-f", kubectl.manifest("""
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: %s}
        spec:
          serviceAccountName: reader
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: %s
            command: [sh, -c, '%s']
        """.formatted(ns, WholeCluster.TOOLBOX_IMAGE, script.replace("'", "''"))).toString()).requireSuccess();

    await("the pod's calls").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(kubectl.run("logs", "client", "-n", ns).stdout()).contains("\ndone"));
    String logs = kubectl.run("logs", "client", "-n", ns).stdout();
    assertThat(logs).as(logs).doesNotContain("pods-tries=60").contains("\"kind\":\"PodList\"")
        .contains("\"name\":\"client\"").contains("secrets-status=403")
        .contains("secrets is forbidden: User \\\"system:serviceaccount:" + ns + ":reader\\\" cannot list resource "
            + "\\\"secrets\\\" in API group \\\"\\\" in the namespace \\\"" + ns + "\\\"");

    // The projected token is the node's TokenRequest bound to this pod, for the API's audience.
    String token = kubectl.run("exec", "client", "-n", ns, "--", "cat", SA_DIR + "/token").requireSuccess().stdout();
    String podUid = kubectl.run("get", "pod", "client", "-n", ns, "-o", "jsonpath={.metadata.uid}").requireSuccess().stdout();
    JsonNode claims = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    assertThat(claims.path("kubernetes.io").path("pod").path("name").asString()).isEqualTo("client");
    assertThat(claims.path("kubernetes.io").path("pod").path("uid").asString()).isEqualTo(podUid);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3607);
    assertThat(kubectl.run("exec", "client", "-n", ns, "--", "ls", SA_DIR).requireSuccess().stdout().split("\\s+"))
        .containsExactlyInAnyOrder("ca.crt", "namespace", "token");

    Map<String, String> asPod = Map.of("KUBECONFIG", Identities.tokenKubeconfig(cluster.api(), home, "pod", token).toString());
    KubectlResult whoami = kubectl.run(asPod, "auth", "whoami");
    assertThat(whoami.stdout()).as(whoami.toString()).containsPattern("Username\\s+system:serviceaccount:" + ns + ":reader\n");
    kubectl.run("delete", "pod", "client", "-n", ns, "--wait=true", "--timeout=60s").requireSuccess();
    await("the bound token revoked").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run(asPod, "auth", "whoami").stderr()).contains("Unauthorized"));
  }
}
