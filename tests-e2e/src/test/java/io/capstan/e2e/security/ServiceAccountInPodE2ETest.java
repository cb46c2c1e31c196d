package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.cluster.WholeCluster;
import io.capstan.e2e.support.Kubectl;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service account's token used from inside a real Podman pod: the pod calls the apiserver (busybox
 * wget through {@link PodApiRelay} on its network's gateway, which passes only the pod's bearer token)
 * and may list pods, which its Role grants, but not secrets. The node agent does not project service-account tokens yet, so the test requests one
 * with {@code kubectl create token} and mounts it from a Secret at the path Kubernetes uses.
 */
class ServiceAccountInPodE2ETest {

  @Test
  void aPodActsWithItsServiceAccountsRightsOnly(@TempDir Path home) throws Exception {
    WholeCluster cluster = WholeCluster.shared();
    Kubectl kubectl = new Kubectl(cluster.api(), home);
    String ns = cluster.namespace("satoken");
    kubectl.run("create", "serviceaccount", "reader", "-n", ns).requireSuccess();
    kubectl.run("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns).requireSuccess();
    kubectl.run("create", "rolebinding", "reader", "--role=pod-reader", "--serviceaccount=" + ns + ":reader", "-n", ns)
        .requireSuccess();
    String token = kubectl.run("create", "token", "reader", "-n", ns, "--duration=10m").requireSuccess().stdout().trim();
    kubectl.run("create", "secret", "generic", "reader-token", "--from-literal=token=" + token, "-n", ns).requireSuccess();

    // The apiserver listens on loopback: the pod reaches it through a relay on its network's gateway,
    // started once the pod runs (its IP names the gateway); the pod retries until the relay is up.
    int port = io.capstan.testing.ChildProcess.freePort();
    String call = "wget -q --header \"Authorization: Bearer $(cat "
        + "/var/run/secrets/kubernetes.io/serviceaccount/token)\" http://$GW:" + port + "/api/v1/namespaces/" + ns;
    String script = "GW=$(ip route | awk '/default/ {print $3}'); i=0; "
        + "until " + call + "/pods -O /tmp/pods; do i=$((i+1)); [ $i -ge 90 ] && break; sleep 1; done; "
        + "cat /tmp/pods; echo; echo pods-tries=$i; "
        + call + "/secrets -O - 2>&1; echo secrets-exit=$?; sleep 3600";
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

    String[] podIp = {""};
    await("the pod running").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      podIp[0] = kubectl.run("get", "pod", "client", "-n", ns, "-o", "jsonpath={.status.podIP}").stdout().trim();
      assertThat(podIp[0]).isNotEmpty();
    });
    String gateway = podIp[0].substring(0, podIp[0].lastIndexOf('.')) + ".1";
    try (PodApiRelay relay = new PodApiRelay(InetAddress.getByName(gateway), port, cluster.api())) {
      await("the pod's calls").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(kubectl.run("logs", "client", "-n", ns).stdout()).contains("secrets-exit="));
    }
    String logs = kubectl.run("logs", "client", "-n", ns).stdout();
    assertThat(logs).as(logs).contains("\"kind\":\"PodList\"").contains("\"name\":\"client\"")
        .contains("403").doesNotContain("secrets-exit=0").doesNotContain("pods-tries=90");
  }
}
