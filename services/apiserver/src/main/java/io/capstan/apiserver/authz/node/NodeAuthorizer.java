package io.capstan.apiserver.authz.node;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.rbac.PolicyRule;
import io.capstan.client.informer.Store;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' Node authorizer for node identities ({@code system:node:<name>} in {@code system:nodes}):
 * a node may read the secrets, config maps, persistent volume claims and service accounts (and
 * request tokens for the latter) that pods bound to it reference (secrets and config maps also by
 * a list or watch of the one name), use its own Lease, write only its
 * own Node and the pods bound to it; anything else in the {@code system:node} role's rules is allowed
 * as Kubernetes' authorizer does. Other users get no opinion. Pods come from an informer cache
 * indexed by node name, so a decision reads no storage.
 */
public final class NodeAuthorizer implements Authorizer {
  public static final String NODES_GROUP = "system:nodes";
  public static final String NODE_PREFIX = "system:node:";
  static final String BY_NODE = "nodeName";
  private static final Set<String> READ = Set.of("get", "list", "watch");
  private static final Set<String> GET = Set.of("get");
  private static final Set<String> WRITE = Set.of("update", "patch", "delete");

  private final Store<ObjectNode> pods;
  private final List<PolicyRule> nodeRules;

  /** @param pods pods indexed by {@link #BY_NODE} */
  public NodeAuthorizer(Store<ObjectNode> pods, List<PolicyRule> nodeRules) {
    this.pods = pods;
    this.nodeRules = List.copyOf(nodeRules);
  }

  /** The node a user is, when it is a node identity. */
  public static Optional<String> nodeOf(io.capstan.apiserver.security.UserInfo user) {
    if (!user.name().startsWith(NODE_PREFIX) || !user.groups().contains(NODES_GROUP)) return Optional.empty();
    String node = user.name().substring(NODE_PREFIX.length());
    return node.isEmpty() ? Optional.empty() : Optional.of(node);
  }

  @Override
  public Decision authorize(Attributes a) {
    Optional<String> identity = nodeOf(a.user());
    if (identity.isEmpty() || !a.resourceRequest()) return Decision.noOpinion("");
    String node = identity.get();
    if (a.group().isEmpty()) {
      switch (a.resource()) {
        case "secrets" -> { return referenced(a, node, "secret", READ); }
        case "configmaps" -> { return referenced(a, node, "configmap", READ); }
        case "persistentvolumeclaims" -> { return a.subresource().isEmpty() ? referenced(a, node, "pvc", GET) : rules(a); }
        case "serviceaccounts" -> { return serviceAccount(a, node); }
        case "nodes" -> { return nodeObject(a, node); }
        case "pods" -> { return pod(a, node); }
        default -> { return rules(a); }
      }
    }
    if ("coordination.k8s.io".equals(a.group()) && "leases".equals(a.resource())) return lease(a, node);
    return rules(a);
  }

  /**
   * An object a pod on the node references, by one of {@code verbs} on its name. Secrets and
   * config maps may also be listed or watched narrowed to one name by a {@code metadata.name}
   * field selector (the name is in the attributes then), as the kubelet's watch-based object
   * manager follows each object a pod uses.
   */
  private Decision referenced(Attributes a, String node, String kind, Set<String> verbs) {
    if (!verbs.contains(a.verb()) || !a.subresource().isEmpty() || a.name().isEmpty()) {
      return Decision.noOpinion("node '" + node + "' can only " + (verbs == READ ? "get, list or watch" : "get")
          + " individual " + a.resource());
    }
    for (ObjectNode pod : podsOn(node, a.namespace())) {
      if (PodReferences.references(pod, kind, a.name())) return Decision.allow("a pod on node '" + node + "' references it");
    }
    return Decision.noOpinion("no relationship found between node '" + node + "' and this object");
  }

  private Decision serviceAccount(Attributes a, String node) {
    boolean token = "token".equals(a.subresource()) && "create".equals(a.verb());
    boolean read = a.subresource().isEmpty() && "get".equals(a.verb());
    if (!token && !read) return Decision.noOpinion("");
    return referenced(Attributes.resource(a.user(), "get", "", a.resource(), "", a.namespace(), a.name()), node, "serviceaccount", GET);
  }

  private Decision nodeObject(Attributes a, String node) {
    if (READ.contains(a.verb()) || "create".equals(a.verb())) return rules(a);
    if (WRITE.contains(a.verb())) {
      return node.equals(a.name()) ? rules(a) : Decision.deny("node '" + node + "' can only modify its own Node object");
    }
    return Decision.noOpinion("");
  }

  private Decision pod(Attributes a, String node) {
    if (READ.contains(a.verb()) && a.subresource().isEmpty()) return rules(a);
    if (WRITE.contains(a.verb()) || ("eviction".equals(a.subresource()) && "create".equals(a.verb()))) {
      Optional<ObjectNode> pod = pods.get(a.namespace() + "/" + a.name());
      if (pod.isPresent() && node.equals(pod.get().path("spec").path("nodeName").asString(""))) return rules(a);
      return Decision.deny("node '" + node + "' can only modify pods bound to it");
    }
    return rules(a);
  }

  private Decision lease(Attributes a, String node) {
    if (!"kube-node-lease".equals(a.namespace())) return Decision.noOpinion("");
    // A create names its object in the body only; the name is the admission's to check.
    if ("create".equals(a.verb()) || node.equals(a.name())) return rules(a);
    return Decision.deny("node '" + node + "' can only access its own Lease");
  }

  private Decision rules(Attributes a) {
    for (PolicyRule r : nodeRules) if (r.allows(a)) return Decision.allow("Node: allowed by the system:node rules");
    return Decision.noOpinion("");
  }

  private List<ObjectNode> podsOn(String node, String namespace) {
    return pods.byIndex(BY_NODE, node).stream()
        .filter(p -> namespace.equals(p.path("metadata").path("namespace").asString(""))).toList();
  }
}
