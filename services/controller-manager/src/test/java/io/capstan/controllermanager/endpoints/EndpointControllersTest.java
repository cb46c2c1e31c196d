package io.capstan.controllermanager.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointControllersTest {
  private final FakeApiWriter writer = new FakeApiWriter();

  static Service service() {
    return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("svc-uid")
        .withResourceVersion("2").endMetadata().withNewSpec().addToSelector("app", "web")
        .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).withProtocol("TCP").endPort()
        .endSpec().build();
  }

  static Pod pod(String name, String ip, boolean ready, int port) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .withResourceVersion("3").addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("n1").addNewContainer().withName("c").addNewPort().withName("http")
        .withContainerPort(port).endPort().endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).addNewCondition().withType("Ready")
        .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
  }

  @Test
  void endpointsListReadyAndNotReadyPodsGroupedByResolvedPort() {
    Pod other = new PodBuilder(pod("x", "10.0.0.9", true, 8080)).editMetadata().withLabels(java.util.Map.of("app", "db"))
        .endMetadata().build();
    new EndpointsReconciler(Caches.of(service()), Caches.of(pod("a", "10.0.0.1", true, 8080),
        pod("b", "10.0.0.2", false, 8080), pod("c", "10.0.0.3", true, 9090), other), Caches.<Endpoints>of(), writer)
        .reconcile("ns/web");

    Endpoints e = writer.created(Endpoints.class).get(0);
    assertThat(e.getMetadata().getName()).isEqualTo("web");
    assertThat(e.getSubsets()).hasSize(2);
    EndpointSubset s8080 = e.getSubsets().stream().filter(s -> s.getPorts().get(0).getPort() == 8080).findFirst().orElseThrow();
    assertThat(s8080.getAddresses()).extracting(a -> a.getIp()).containsExactly("10.0.0.1");
    assertThat(s8080.getNotReadyAddresses()).extracting(a -> a.getIp()).containsExactly("10.0.0.2");
    assertThat(s8080.getAddresses().get(0).getTargetRef().getName()).isEqualTo("a");
  }

  @Test
  void endpointSlicesAreOwnedByTheServiceAndCarryConditions() {
    new EndpointSliceReconciler(Caches.of(service()), Caches.of(pod("a", "10.0.0.1", true, 8080),
        pod("b", "10.0.0.2", false, 8080)), Caches.<EndpointSlice>of(), writer).reconcile("ns/web");

    EndpointSlice s = writer.created(EndpointSlice.class).get(0);
    assertThat(s.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
    assertThat(OwnerRefs.isControlledBy(s, "svc-uid")).isTrue();
    assertThat(s.getAddressType()).isEqualTo("IPv4");
    assertThat(s.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getPort()).isEqualTo(8080);
    });
    assertThat(s.getEndpoints()).extracting(ep -> ep.getAddresses().get(0), ep -> ep.getConditions().getReady())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", true), org.assertj.core.groups.Tuple.tuple("10.0.0.2", false));
  }

  @Test
  void anEndpointCarriesThePodsHostnameOnlyWhenItsSubdomainIsTheService() {
    Pod named = new PodBuilder(pod("web-0", "10.0.0.1", true, 8080)).editSpec().withHostname("web-0").withSubdomain("web")
        .endSpec().build();
    Pod elsewhere = new PodBuilder(pod("x-0", "10.0.0.2", true, 8080)).editSpec().withHostname("x-0").withSubdomain("other")
        .endSpec().build();
    new EndpointSliceReconciler(Caches.of(service()), Caches.of(named, elsewhere), Caches.<EndpointSlice>of(), writer)
        .reconcile("ns/web");

    assertThat(writer.created(EndpointSlice.class).get(0).getEndpoints())
        .extracting(ep -> ep.getAddresses().get(0), ep -> ep.getHostname())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", "web-0"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.2", null));
  }

  @Test
  void aServiceWithoutSelectorKeepsItsHandWrittenEndpoints() {
    Service manual = new ServiceBuilder(service()).editSpec().withSelector(null).endSpec().build();
    new EndpointsReconciler(Caches.of(manual), Caches.of(pod("a", "10.0.0.1", true, 8080)), Caches.<Endpoints>of(), writer)
        .reconcile("ns/web");
    assertThat(writer.created).isEmpty();
    assertThat(List.copyOf(writer.deleted)).isEmpty();
  }
}
