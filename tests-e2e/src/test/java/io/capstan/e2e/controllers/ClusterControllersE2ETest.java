package io.capstan.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.controllermanager.serviceaccount.RootCaPublisherReconciler;
import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.EtcdProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The garbage collector, namespace, service-account, root-CA, endpoints and endpointslice
 * controllers against the real apiserver, etcd and Kafka, driven by the real kubectl.
 */
class ClusterControllersE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static ControllerManagerFixture f;

  @TempDir
  Path home;

  @BeforeAll
  static void start() throws Exception {
    f = new ControllerManagerFixture();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    f.close();
  }

  private Kubectl kubectl() {
    return new Kubectl(ApiServerProcess.shared(), home);
  }

  private static List<Pod> pods(String ns) {
    return f.client.pods().inNamespace(ns).list().getItems();
  }

  private static List<ReplicaSet> replicaSets(String ns) {
    return f.client.apps().replicaSets().inNamespace(ns).list().getItems();
  }

  private String deploymentWithPods(Kubectl k, String prefix) {
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-" + prefix);
    k.run("create", "deployment", "web", "-n", ns, "--image=busybox", "--replicas=2").requireSuccess();
    await().atMost(WAIT).until(() -> pods(ns).size() == 2 && replicaSets(ns).size() == 1);
    return ns;
  }

  @Test
  void kubectlDeleteDeploymentRemovesItsReplicaSetsAndPods() {
    Kubectl k = kubectl();
    String ns = deploymentWithPods(k, "gc-bg");
    k.run("delete", "deployment", "web", "-n", ns).requireSuccess();
    await().atMost(WAIT).until(() -> replicaSets(ns).isEmpty() && pods(ns).isEmpty());
  }

  @Test
  void cascadeOrphanLeavesReplicaSetsAndPodsWithoutTheirOwner() {
    Kubectl k = kubectl();
    String ns = deploymentWithPods(k, "gc-orphan");
    k.run("delete", "deployment", "web", "-n", ns, "--cascade=orphan").requireSuccess();
    await().atMost(WAIT).until(() -> f.client.apps().deployments().inNamespace(ns).withName("web").get() == null);
    await().atMost(WAIT).untilAsserted(() -> assertThat(replicaSets(ns)).singleElement()
        .satisfies(rs -> assertThat(rs.getMetadata().getOwnerReferences()).isEmpty()));
    // The ReplicaSet (now an orphan itself) keeps its pods.
    assertThat(pods(ns)).hasSize(2);
  }

  @Test
  void cascadeForegroundDeletesDependentsBeforeTheOwner() {
    Kubectl k = kubectl();
    String ns = deploymentWithPods(k, "gc-fg");
    k.run("delete", "deployment", "web", "-n", ns, "--cascade=foreground", "--wait=false").requireSuccess();
    await().atMost(WAIT).until(() -> f.client.apps().deployments().inNamespace(ns).withName("web").get() == null);
    assertThat(replicaSets(ns)).isEmpty();
    assertThat(pods(ns)).isEmpty();
  }

  @Test
  void aNewNamespaceGetsTheDefaultServiceAccountAndTheRootCaBackAfterDeletion() throws Exception {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-sa");
    String ca = Files.readString(ApiServerProcess.shared().pki().resolve("ca.crt"));
    await().atMost(WAIT).until(() -> f.client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.client.configMaps().inNamespace(ns)
        .withName(RootCaPublisherReconciler.CONFIG_MAP).get().getData()).containsEntry("ca.crt", ca));

    String uid = f.client.serviceAccounts().inNamespace(ns).withName("default").get().getMetadata().getUid();
    k.run("delete", "serviceaccount", "default", "-n", ns).requireSuccess();
    await().atMost(WAIT).until(() -> {
      var sa = f.client.serviceAccounts().inNamespace(ns).withName("default").get();
      return sa != null && !sa.getMetadata().getUid().equals(uid);
    });
    ConfigMap tampered = new ConfigMapBuilder(f.client.configMaps().inNamespace(ns)
        .withName(RootCaPublisherReconciler.CONFIG_MAP).get()).withData(java.util.Map.of("ca.crt", "nope")).build();
    f.client.configMaps().inNamespace(ns).resource(tampered).update();
    await().atMost(WAIT).untilAsserted(() -> assertThat(f.client.configMaps().inNamespace(ns)
        .withName(RootCaPublisherReconciler.CONFIG_MAP).get().getData()).containsEntry("ca.crt", ca));
  }

  @Test
  void deletingANamespaceDeletesEverythingInItThenTheNamespace() {
    Kubectl k = kubectl();
    String ns = deploymentWithPods(k, "ns-del");
    k.run("create", "configmap", "settings", "-n", ns, "--from-literal=a=b").requireSuccess();
    k.run("delete", "namespace", ns, "--wait=false").requireSuccess();
    await().atMost(WAIT).until(() -> f.client.namespaces().withName(ns).get() == null);
    assertThat(pods(ns)).isEmpty();
    assertThat(f.client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
  }

  /** Every etcd key that belongs to namespace {@code ns}: its objects and the namespace itself. */
  private static List<String> etcdKeysOf(String ns) throws Exception {
    try (io.etcd.jetcd.Client etcd = io.etcd.jetcd.Client.builder().endpoints(EtcdProcess.shared().endpoint()).build()) {
      var prefix = io.etcd.jetcd.ByteSequence.from("/registry/", java.nio.charset.StandardCharsets.UTF_8);
      var response = etcd.getKVClient().get(prefix, io.etcd.jetcd.options.GetOption.builder().isPrefix(true)
          .withKeysOnly(true).build()).get(30, java.util.concurrent.TimeUnit.SECONDS);
      return response.getKvs().stream().map(kv -> kv.getKey().toString(java.nio.charset.StandardCharsets.UTF_8))
          .filter(key -> key.contains("/" + ns + "/") || key.endsWith("/" + ns)).toList();
    }
  }

  @Test
  void deletingANamespaceLeavesNothingOfItInEtcd() throws Exception {
    Kubectl k = kubectl();
    String ns = deploymentWithPods(k, "ns-etcd");
    k.run("create", "configmap", "settings", "-n", ns, "--from-literal=a=b").requireSuccess();
    k.run("create", "secret", "generic", "token", "-n", ns, "--from-literal=t=x").requireSuccess();
    k.run("expose", "deployment", "web", "-n", ns, "--port=80").requireSuccess();
    k.run("create", "cronjob", "tick", "-n", ns, "--image=busybox", "--schedule=0 0 1 1 *").requireSuccess();
    k.run("create", "-n", ns, "-f", k.manifest("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          replicas: 1
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: c, image: busybox}]}
        """).toString()).requireSuccess();
    await().atMost(WAIT).until(() -> f.client.pods().inNamespace(ns).withName("db-0").get() != null
        && f.client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    // Controllers record events on a thread of their own, after the write they report.
    await().atMost(WAIT).untilAsserted(() -> assertThat(etcdKeysOf(ns))
        .anyMatch(key -> key.startsWith("/registry/apps/controllerrevisions/" + ns + "/"))
        .anyMatch(key -> key.startsWith("/registry/events/" + ns + "/")));

    k.run("delete", "namespace", ns, "--wait=false").requireSuccess();
    await().atMost(WAIT).until(() -> f.client.namespaces().withName(ns).get() == null);
    assertThat(etcdKeysOf(ns)).isEmpty();
  }

  @Test
  void endpointsAndEndpointSlicesFollowPodReadinessAndGoWithTheService() {
    Kubectl k = kubectl();
    String ns = k.createNamespace(ControllerManagerFixture.PREFIX + "-ep");
    k.run("create", "deployment", "web", "-n", ns, "--image=busybox", "--replicas=2", "--port=8080").requireSuccess();
    k.run("expose", "deployment", "web", "-n", ns, "--port=80", "--target-port=8080").requireSuccess();
    await().atMost(WAIT).until(() -> pods(ns).size() == 2);
    // Not ready yet (no kubelet has reported them): no addresses at all, pods have no IP.
    await().atMost(WAIT).untilAsserted(() -> assertThat(slices(ns)).singleElement()
        .satisfies(s -> assertThat(s.getEndpoints()).isNullOrEmpty()));
    try (FakeKubelet kubelet = new FakeKubelet(f.client, ns)) {
      await().atMost(WAIT).untilAsserted(() -> {
        var e = f.client.endpoints().inNamespace(ns).withName("web").get();
        assertThat(e.getSubsets()).singleElement().satisfies(sub -> {
          assertThat(sub.getAddresses()).hasSize(2);
          assertThat(sub.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        });
        assertThat(slices(ns)).singleElement().satisfies(s -> {
          assertThat(s.getEndpoints()).hasSize(2).allSatisfy(ep -> assertThat(ep.getConditions().getReady()).isTrue());
          assertThat(s.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web");
        });
      });
      KubectlResult get = k.run("get", "endpoints", "web", "-n", ns).requireSuccess();
      assertThat(get.stdout()).contains(":8080");
    }
    k.run("delete", "service", "web", "-n", ns).requireSuccess();
    await().atMost(WAIT).until(() -> slices(ns).isEmpty() && f.client.endpoints().inNamespace(ns).withName("web").get() == null);
  }

  private static List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice> slices(String ns) {
    return f.client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems();
  }
}
