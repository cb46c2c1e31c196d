package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.cluster.WholeCluster;
import io.capstan.e2e.support.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service account's token used from inside a real Podman pod: the pod calls the apiserver over
 * HTTPS (busybox wget, through its network's gateway) and may list pods, which its Role grants, but
 * not secrets. The node agent does not project service-account tokens yet, so the test requests one
 * with {@code kubectl create token} and mounts it from a Secret at the path Kubernetes uses.
 */
class ServiceAccountInPodE2ETest {

  @Test
  void aPodActsWithItsServiceAccountsRightsOnly(@TempDir Path home) {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("satoken");
    kubectl.run("create", "serviceaccount", "reader", "-n", ns).requireSuccess();
    kubectl.run("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns).requireSuccess();
    kubectl.run("create", "rolebinding", "reader", "--role=pod-reader", "--serviceaccount=" + ns + ":reader", "-n", ns)
        .requireSuccess();
    String token = kubectl.run("create", "token", "reader", "-n", ns, "--duration=10m").requireSuccess().stdout().trim();
    kubectl.run("create", "secret", "generic", "reader-token", "--from-literal=token=" + token, "-n", ns).requireSuccess();

    int port = cluster.api().url().getPort();
    String call = "wget -q -O - --no-check-certificate --header \"Authorization: Bearer $(cat "
        + "/var/run/secrets/kubernetes.io/serviceaccount/token)\" https://$GW:" + port + "/api/v1/namespaces/" + ns;
    String script = "GW=$(ip route | awk '/default/ {print $3}'); "
        + call + "/pods; r=$?; echo; echo pods-exit=$r; "
        + call + "/secrets 2>&1; echo secrets-exit=$?; sleep 3600";
    kubectl.run("apply", "-f", kubectl.manifest("""
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: %s}
        spec:
          serviceAccountName: reader
          containers:
          - name: c
            image: %s
            command: [sh, -c, '%s']
            volumeMounts: [{name: token, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}]
          volumes:
          - name: token
            secret: {secretName: reader-token}
        """.formatted(ns, WholeCluster.IMAGE, script.replace("'", "''"))).toString()).requireSuccess();

    await("the pod's calls").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(kubectl.run("logs", "client", "-n", ns).stdout()).contains("secrets-exit="));
    String logs = kubectl.run("logs", "client", "-n", ns).stdout();
    assertThat(logs).as(logs).contains("\"kind\":\"PodList\"").contains("\"name\":\"client\"").contains("pods-exit=0")
        .contains("403").doesNotContain("secrets-exit=0");
  }
}
