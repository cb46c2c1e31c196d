package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, read, update and delete through fabric8, and optimistic concurrency on update. */
class Fabric8CrudTest {

  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = Fabric8.client(ApiServerProcess.shared());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void configMapCrud() {
    String ns = Fabric8.createNamespace(client, "f8-cm");
    ConfigMap created = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("settings").addToLabels("app", "web").endMetadata()
        .addToData("color", "blue")
        .build()).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();

    ConfigMap read = client.configMaps().inNamespace(ns).withName("settings").get();
    assertThat(read.getData()).isEqualTo(Map.of("color", "blue"));
    assertThat(read.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));

    read.getData().put("color", "green");
    ConfigMap updated = client.configMaps().inNamespace(ns).resource(read).update();
    assertThat(updated.getData()).containsEntry("color", "green");
    assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    ConfigMap edited = client.configMaps().inNamespace(ns).withName("settings")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("size", "L").build());
    assertThat(edited.getData()).isEqualTo(Map.of("color", "green", "size", "L"));

    assertThat(client.configMaps().inNamespace(ns).withName("settings").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNull();
  }

  @Test
  void deploymentCrud() {
    String ns = Fabric8.createNamespace(client, "f8-deploy");
    Deployment created = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").addToLabels("app", "web").endMetadata()
        .withNewSpec()
          .withReplicas(1)
          .withNewSelector().addToMatchLabels("app", "web").endSelector()
          .withNewTemplate()
            .withNewMetadata().addToLabels("app", "web").endMetadata()
            .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec()
          .endTemplate()
        .endSpec()
        .build()).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    Deployment scaled = client.apps().deployments().inNamespace(ns).withName("web")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(4);
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);

    Deployment read = client.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(read.getSpec().getReplicas()).isEqualTo(4);
    assertThat(read.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");

    assertThat(client.apps().deployments().inNamespace(ns).withName("web").delete()).hasSize(1);
    assertThat(client.apps().deployments().inNamespace(ns).withName("web").get()).isNull();
  }

  @Test
  void serviceCrud() {
    String ns = Fabric8.createNamespace(client, "f8-svc");
    Service created = client.services().inNamespace(ns).resource(new ServiceBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec()
          .addToSelector("app", "web")
          .addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort()
        .endSpec()
        .build()).create();
    assertThat(created.getSpec().getClusterIP()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");

    Service edited = client.services().inNamespace(ns).withName("web")
        .edit(s -> new ServiceBuilder(s).editMetadata().addToLabels("tier", "frontend").endMetadata().build());
    assertThat(edited.getMetadata().getLabels()).containsEntry("tier", "frontend");
    assertThat(edited.getSpec().getClusterIP()).isEqualTo(created.getSpec().getClusterIP());

    assertThat(client.services().inNamespace(ns).withName("web").delete()).hasSize(1);
    assertThat(client.services().inNamespace(ns).withName("web").get()).isNull();

    assertThat(created.getSpec().getType()).as("defaulted type").isEqualTo("ClusterIP");
    assertThat(created.getSpec().getPorts().get(0).getProtocol()).as("defaulted protocol").isEqualTo("TCP");
  }

  @Test
  void updateWithAStaleResourceVersionIsAConflict() {
    String ns = Fabric8.createNamespace(client, "f8-conflict");
    ConfigMap stale = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("shared").endMetadata().addToData("n", "0").build()).create();
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(stale).addToData("n", "1").build()).update();

    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(stale).addToData("n", "2").build())
            .update());

    assertThat(e).as("updating with resourceVersion " + stale.getMetadata().getResourceVersion()).isNotNull();
    assertThat(e.getCode()).isEqualTo(409);
    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"shared\": "
        + "the object has been modified; please apply your changes to the latest version and try again");
    assertThat(client.configMaps().inNamespace(ns).withName("shared").get().getData()).containsEntry("n", "1");
  }
}
