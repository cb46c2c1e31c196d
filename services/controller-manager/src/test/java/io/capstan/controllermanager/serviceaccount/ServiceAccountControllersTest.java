package io.capstan.controllermanager.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAccountControllersTest {
  private final FakeApiWriter writer = new FakeApiWriter();

  static Namespace ns(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).withResourceVersion("1").endMetadata().build();
  }

  @Test
  void aNamespaceWithoutTheDefaultServiceAccountGetsOne() {
    new ServiceAccountReconciler(Caches.of(ns("a")), Caches.<ServiceAccount>of(), writer).reconcile("a");
    assertThat(writer.created(ServiceAccount.class)).singleElement().satisfies(sa -> {
      assertThat(sa.getMetadata().getName()).isEqualTo("default");
      assertThat(sa.getMetadata().getNamespace()).isEqualTo("a");
    });
  }

  @Test
  void anExistingDefaultServiceAccountOrATerminatingNamespaceIsLeftAlone() {
    ServiceAccount sa = new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace("a")
        .withResourceVersion("2").endMetadata().build();
    new ServiceAccountReconciler(Caches.of(ns("a")), Caches.of(sa), writer).reconcile("a");
    Namespace terminating = new NamespaceBuilder(ns("b")).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .endMetadata().build();
    new ServiceAccountReconciler(Caches.of(terminating), Caches.<ServiceAccount>of(), writer).reconcile("b");
    assertThat(writer.created).isEmpty();
  }

  @Test
  void theRootCaIsPublishedAndRepaired() {
    new RootCaPublisherReconciler(Caches.of(ns("a")), Caches.<ConfigMap>of(), writer, "PEM").reconcile("a");
    assertThat(writer.created(ConfigMap.class)).singleElement().satisfies(cm -> {
      assertThat(cm.getMetadata().getName()).isEqualTo("kube-root-ca.crt");
      assertThat(cm.getData()).isEqualTo(Map.of("ca.crt", "PEM"));
    });
    ConfigMap tampered = new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt").withNamespace("a")
        .withResourceVersion("4").endMetadata().withData(Map.of("ca.crt", "other")).build();
    new RootCaPublisherReconciler(Caches.of(ns("a")), Caches.of(tampered), writer, "PEM").reconcile("a");
    assertThat(writer.updated).singleElement()
        .satisfies(o -> assertThat(((ConfigMap) o).getData()).isEqualTo(Map.of("ca.crt", "PEM")));
  }
}
