package io.capstan.controllermanager.servicelb;

import io.capstan.client.informer.Store;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The default load balancer: none at all. Every node's service proxy already listens on the
 * Service's node ports on every address of the node, so the nodes' InternalIPs are the ingress
 * (k3s' servicelb does the same with its per-node pods). Clients connect to
 * {@code <ingress ip>:<nodePort>}, the port {@code kubectl get svc} prints after the colon.
 *
 * <p>Only nodes fit to take traffic are advertised: not being deleted, Ready, not cordoned, and
 * not labelled {@value #EXCLUDE_LABEL}. Kubernetes' service controller honours the label; it
 * also dropped NotReady and cordoned nodes until it left node health to the cloud load
 * balancer's health checks, which this provider has none of, so it keeps those filters.
 */
public final class NodePortLoadBalancer implements LoadBalancerStatusProvider {
  /** Present with any value: the node is never a load balancer target (kubeadm puts it on control planes). */
  public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

  private final Store<Node> nodes;
  private final Predicate<Node> scope;

  public NodePortLoadBalancer(Store<Node> nodes, Predicate<Node> scope) {
    this.nodes = nodes;
    this.scope = scope;
  }

  @Override
  public List<LoadBalancerIngress> ingress(Service service) {
    return nodes.list().stream().filter(scope).filter(NodePortLoadBalancer::advertised)
        .map(NodePortLoadBalancer::internalIp).filter(Objects::nonNull).distinct().sorted()
        .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList();
  }

  /** Whether {@code n} may take load-balanced traffic now. */
  static boolean advertised(Node n) {
    if (n.getMetadata().getDeletionTimestamp() != null) return false;
    Map<String, String> labels = n.getMetadata().getLabels();
    if (labels != null && labels.containsKey(EXCLUDE_LABEL)) return false;
    if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) return false;
    return ready(n);
  }

  private static boolean ready(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) return false;
    for (NodeCondition c : n.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) return "True".equals(c.getStatus());
    }
    return false;
  }

  static String internalIp(Node n) {
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) return null;
    for (NodeAddress a : n.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType()) && a.getAddress() != null && !a.getAddress().isEmpty()) return a.getAddress();
    }
    return null;
  }
}
