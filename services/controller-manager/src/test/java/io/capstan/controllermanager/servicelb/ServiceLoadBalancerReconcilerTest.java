package io.capstan.controllermanager.servicelb;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.FakeApiWriter;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceLoadBalancerReconcilerTest {
  private final FakeApiWriter writer = new FakeApiWriter();
  private final NodePortLoadBalancer nodePorts = new NodePortLoadBalancer(Caches.of(
      node("b", "10.0.0.2", "ours"), node("a", "10.0.0.1", "ours"), node("c", "10.0.0.3", "theirs")),
      n -> "ours".equals(n.getMetadata().getLabels().get("cluster")));

  static Node node(String name, String ip, String cluster) {
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels("cluster", cluster).endMetadata()
        .withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress().addNewAddress()
        .withType("InternalIP").withAddress(ip).endAddress().endStatus().build();
  }

  static ServiceBuilder service(String type) {
    return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("ns").withResourceVersion("3")
        .endMetadata().withNewSpec().withType(type).endSpec();
  }

  private void reconcile(Service s) {
    new ServiceLoadBalancerReconciler(Caches.of(s), nodePorts, writer).reconcile("ns/web");
  }

  private static List<String> ips(Service s) {
    return s.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp).toList();
  }

  @Test
  void aLoadBalancerServiceGetsTheInternalIpsOfTheNodesInScopeAsIngress() {
    reconcile(service("LoadBalancer").build());
    assertThat(writer.statusUpdates).hasSize(1);
    Service written = (Service) writer.statusUpdates.get(0);
    assertThat(ips(written)).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(written.getMetadata().getResourceVersion()).isEqualTo("3");
  }

  @Test
  void anUpToDateIngressIsNotWrittenAgain() {
    reconcile(service("LoadBalancer").withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.0.0.1")
        .endIngress().addNewIngress().withIp("10.0.0.2").endIngress().endLoadBalancer().endStatus().build());
    assertThat(writer.statusUpdates).isEmpty();
  }

  @Test
  void aServiceThatIsNoLongerALoadBalancerLosesItsIngress() {
    reconcile(service("ClusterIP").withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.0.0.1")
        .endIngress().endLoadBalancer().endStatus().build());
    Service written = (Service) writer.statusUpdates.get(0);
    assertThat(written.getStatus().getLoadBalancer().getIngress()).isNullOrEmpty();
  }

  @Test
  void otherServicesAndOtherLoadBalancerClassesAreLeftAlone() {
    reconcile(service("NodePort").build());
    reconcile(service("LoadBalancer").editSpec().withLoadBalancerClass("example.com/lb").endSpec().build());
    assertThat(writer.statusUpdates).isEmpty();
  }

  @Test
  void withoutNodesTheIngressStaysPending() {
    new ServiceLoadBalancerReconciler(Caches.of(service("LoadBalancer").build()),
        new NodePortLoadBalancer(Caches.<Node>of(List.of()), n -> true), writer).reconcile("ns/web");
    assertThat(writer.statusUpdates).isEmpty();
  }
}
