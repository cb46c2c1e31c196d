package io.capstan.controllermanager.servicelb;

import io.capstan.client.informer.Store;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The default load balancer: none at all. Every node's service proxy already listens on the
 * Service's node ports on every address of the node, so the nodes' InternalIPs are the ingress
 * (k3s' servicelb does the same with its per-node pods). Clients connect to
 * {@code <ingress ip>:<nodePort>}, the port {@code kubectl get svc} prints after the colon.
 */
public final class NodePortLoadBalancer implements LoadBalancerStatusProvider {
  private final Store<Node> nodes;
  private final Predicate<Node> scope;

  public NodePortLoadBalancer(Store<Node> nodes, Predicate<Node> scope) {
    this.nodes = nodes;
    this.scope = scope;
  }

  @Override
  public List<LoadBalancerIngress> ingress(Service service) {
    return nodes.list().stream().filter(scope).filter(n -> n.getMetadata().getDeletionTimestamp() == null)
        .map(NodePortLoadBalancer::internalIp).filter(Objects::nonNull).distinct().sorted()
        .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList();
  }

  static String internalIp(Node n) {
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) return null;
    for (NodeAddress a : n.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType()) && a.getAddress() != null && !a.getAddress().isEmpty()) return a.getAddress();
    }
    return null;
  }
}
