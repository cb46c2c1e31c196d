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
    return nodeBuilder(name, ip, cluster).build();
  }

  /** A Ready, schedulable node. */
  static NodeBuilder nodeBuilder(String name, String ip, String cluster) {
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels("cluster", cluster).endMetadata()
        .withNewSpec().endSpec().withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .addNewAddress().withType("InternalIP").withAddress(ip).endAddress().addNewCondition().withType("Ready")
        .withStatus("True").endCondition().endStatus();
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
  void nodesThatCannotTakeTrafficAreNotAdvertised() {
    Node notReady = nodeBuilder("not-ready", "10.0.1.1", "ours").editStatus().editFirstCondition().withStatus("False")
        .endCondition().endStatus().build();
    Node unknown = nodeBuilder("unknown", "10.0.1.2", "ours").editStatus().editFirstCondition().withStatus("Unknown")
        .endCondition().endStatus().build();
    Node noCondition = nodeBuilder("new", "10.0.1.3", "ours").editStatus().withConditions().endStatus().build();
    Node cordoned = nodeBuilder("cordoned", "10.0.1.4", "ours").editSpec().withUnschedulable(true).endSpec().build();
    // Present with any value, even "false", the label excludes the node (as Kubernetes reads it).
    Node excluded = nodeBuilder("excluded", "10.0.1.5", "ours").editMetadata()
        .addToLabels(NodePortLoadBalancer.EXCLUDE_LABEL, "false").endMetadata().build();
    Node deleting = nodeBuilder("deleting", "10.0.1.6", "ours").editMetadata()
        .withDeletionTimestamp("2026-11-26T00:00:00Z").endMetadata().build();
    Node fit = node("fit", "10.0.1.7", "ours");
    NodePortLoadBalancer lb = new NodePortLoadBalancer(
        Caches.of(notReady, unknown, noCondition, cordoned, excluded, deleting, fit), n -> true);

    new ServiceLoadBalancerReconciler(Caches.of(service("LoadBalancer").build()), lb, writer).reconcile("ns/web");

    assertThat(ips((Service) writer.statusUpdates.get(0))).containsExactly("10.0.1.7");
  }

  @Test
  void aNodeThatTurnsUnfitLeavesTheIngress() {
    Service advertised = service("LoadBalancer").withNewStatus().withNewLoadBalancer().addNewIngress()
        .withIp("10.0.0.1").endIngress().addNewIngress().withIp("10.0.0.2").endIngress().endLoadBalancer().endStatus()
        .build();
    Node cordonedB = nodeBuilder("b", "10.0.0.2", "ours").editSpec().withUnschedulable(true).endSpec().build();
    new ServiceLoadBalancerReconciler(Caches.of(advertised),
        new NodePortLoadBalancer(Caches.of(node("a", "10.0.0.1", "ours"), cordonedB), n -> true), writer)
        .reconcile("ns/web");
    assertThat(ips((Service) writer.statusUpdates.get(0))).containsExactly("10.0.0.1");
  }

  @Test
  void aHeartbeatKeepsANodeAdvertisedWhileReadinessDecides() {
    Node ready = node("a", "10.0.0.1", "ours");
    Node heartbeat = nodeBuilder("a", "10.0.0.1", "ours").editStatus().editFirstCondition()
        .withLastHeartbeatTime("2026-11-26T00:00:10Z").endCondition().endStatus().build();
    Node notReady = nodeBuilder("a", "10.0.0.1", "ours").editStatus().editFirstCondition().withStatus("False")
        .endCondition().endStatus().build();
    assertThat(NodePortLoadBalancer.advertised(ready)).isTrue();
    assertThat(NodePortLoadBalancer.advertised(heartbeat)).isTrue();
    assertThat(NodePortLoadBalancer.advertised(notReady)).isFalse();
  }

  @Test
  void withoutNodesTheIngressStaysPending() {
    new ServiceLoadBalancerReconciler(Caches.of(service("LoadBalancer").build()),
        new NodePortLoadBalancer(Caches.<Node>of(List.of()), n -> true), writer).reconcile("ns/web");
    assertThat(writer.statusUpdates).isEmpty();
  }
}
