package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.client.bus.BusSettings;
import io.capstan.controllermanager.ControllerManagerAssembly;
import io.capstan.controllermanager.ControllerManagerSettings;
import io.capstan.controllermanager.credentials.ServiceAccountClients;
import io.capstan.controllermanager.deployment.DeploymentReconciler;
import io.capstan.controllermanager.framework.ControllerAccounts;
import io.capstan.controllermanager.garbagecollector.GarbageCollectorReconciler;
import io.capstan.controllermanager.replicaset.ReplicaSetReconciler;
import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller manager as Kubernetes runs it with {@code --use-service-account-credentials},
 * against the real apiserver and its bootstrap policy: its own certificate identity
 * ({@code system:kube-controller-manager}) may not write workloads itself, but mints a token per
 * controller, each of which authenticates as {@code kube-system/<account>}; a ReplicaSet adopts an
 * orphan and a Deployment rolls out, and both are garbage-collected, by controllers holding only
 * their {@code system:controller:*} roles.
 */
class ControllerIdentitiesE2ETest {
  private static ApiServerProcess api;
  private static KubernetesClient admin;
  private static KubernetesClient manager;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    api = ApiServerProcess.shared();
    admin = Fabric8.client(api);
    Path kubeconfig = Identities.signedKubeconfig(api, dir, "CN=system:kube-controller-manager", "kcm");
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setClientKeyAlgo("EC"); // a PKCS#8 key does not name its algorithm, and fabric8 assumes RSA
    manager = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterAll
  static void stop() {
    if (manager != null) manager.close();
    admin.close();
  }

  @Test
  void eachControllerAuthenticatesAsItsServiceAccount() {
    try (ServiceAccountClients clients = new ServiceAccountClients(manager)) {
      for (String account : ControllerAccounts.all().values()) {
        SelfSubjectReview review = clients.forAccount(account).resource(new SelfSubjectReviewBuilder().build()).create();
        assertThat(review.getStatus().getUserInfo().getUsername())
            .isEqualTo("system:serviceaccount:kube-system:" + account);
        assertThat(review.getStatus().getUserInfo().getGroups()).contains("system:serviceaccounts:kube-system");
      }
    }
    String ns = Fabric8.createNamespace(admin, "kcm");
    assertThatThrownBy(() -> manager.pods().inNamespace(ns).withName("anything").delete())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining("User \"system:kube-controller-manager\" cannot delete resource \"pods\"");
  }

  @Test
  void controllersWriteWithOnlyTheirOwnRoles() throws Exception {
    String ns = Fabric8.createNamespace(admin, "kcm");
    ControllerManagerSettings settings = ControllerManagerSettings.defaults()
        .withControllers(List.of(DeploymentReconciler.NAME, ReplicaSetReconciler.NAME, GarbageCollectorReconciler.NAME))
        .withNamespaceScope(ns::equals);
    BusSettings bus = BusSettings.local(KafkaProcess.shared().bootstrapServers(),
        "e2e-kcm-identities-" + ThreadLocalRandom.current().nextInt(1 << 30));
    try (ControllerManagerAssembly cm = new ControllerManagerAssembly(manager, new ServiceAccountClients(manager), bus,
        settings, new SimpleMeterRegistry())) {
      cm.start();
      cm.startControllers();
      // An orphan the ReplicaSet adopts: adoption is a patch, the only write its role allows on pods besides create/delete.
      admin.resource(new PodBuilder().withNewMetadata().withName("orphan").withNamespace(ns)
          .withLabels(Map.of("app", "web")).endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
      admin.resource(new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
          .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
          .endSpec().build()).create();
      Deployment d = new DeploymentBuilder().withNewMetadata().withName("api").withNamespace(ns).endMetadata()
          .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "api")).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "api")).endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
          .endSpec().build();
      admin.resource(d).create();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<Pod> web = admin.pods().inNamespace(ns).withLabel("app", "web").list().getItems();
        assertThat(web).hasSize(2);
        assertThat(web).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(o -> assertThat(o.getName()).isEqualTo("web")));
        assertThat(admin.pods().inNamespace(ns).withLabel("app", "api").list().getItems()).hasSize(1);
        assertThat(admin.apps().deployments().inNamespace(ns).withName("api").get().getStatus())
            .isNotNull().extracting(s -> s.getReplicas()).isEqualTo(1);
      });
      admin.apps().deployments().inNamespace(ns).withName("api").delete();
      admin.apps().replicaSets().inNamespace(ns).withName("web").delete();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(admin.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(admin.pods().inNamespace(ns).list().getItems())
            .allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
      });
    }
  }
}
