package io.capstan.apiserver.admission.noderestriction;

import io.capstan.apiserver.authz.node.NodeAuthorizer;
import io.capstan.apiserver.authz.node.PodReferences;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.web.WriteContext;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' NodeRestriction admission plugin: what a node identity ({@code system:node:<name>})
 * may write, beyond what the Node authorizer lets through. A node may create, change and delete
 * only its own Node (not its taints, nor labels outside the kubelet's own set), create only mirror
 * pods bound to and owned by itself, change pods only through {@code status} and only when bound to
 * it, delete and evict only pods bound to it, and touch only its own Lease in
 * {@code kube-node-lease}. Events and everything else are left to authorization. Refusals are 403s
 * worded as Kubernetes words them. Other users, and the server's own writes, pass untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NodeRestriction implements RegistryHook {
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

  private final Function<String, Optional<ObjectNode>> nodes;

  @Autowired
  public NodeRestriction(Storage storage, ResourceCatalog catalog) {
    this(name -> {
      ResourceType type = catalog.find("", "v1", "nodes").orElseThrow().type();
      return storage.getRecent(type.key(null, name)).map(e -> (ObjectNode) Json.MAPPER.readTree(e.value()));
    });
  }

  /** @param nodes the stored Node of a name, to check a mirror pod's owner UID against */
  NodeRestriction(Function<String, Optional<ObjectNode>> nodes) {
    this.nodes = nodes;
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode object, boolean dryRun) {
    Optional<String> node = requestingNode(type, object);
    if (node.isEmpty()) return;
    switch (type.plural()) {
      case "pods" -> admitMirrorPod(node.get(), object);
      case "nodes" -> {
        admitOwnNode(node.get(), type, object);
        Set<String> forbidden = NodeLabels.forbidden(NodeLabels.modified(object.path("metadata").path("labels"), null));
        if (!forbidden.isEmpty()) {
          throw forbidden(type, object, "node \"" + node.get() + "\" is not allowed to set the following labels: "
              + String.join(", ", forbidden));
        }
      }
      case "leases" -> admitLease(node.get(), type, object);
      default -> { }
    }
  }

  @Override
  public void beforeUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
    Optional<String> node = requestingNode(type, old);
    if (node.isEmpty()) return;
    switch (type.plural()) {
      case "pods" -> admitPodUpdate(node.get(), type, object, old);
      case "nodes" -> admitNodeUpdate(node.get(), type, object, old);
      case "leases" -> admitLease(node.get(), type, old);
      default -> { }
    }
  }

  @Override
  public void beforeDelete(ResourceType type, ObjectNode current) {
    Optional<String> node = requestingNode(type, current);
    if (node.isEmpty()) return;
    switch (type.plural()) {
      case "pods" -> {
        if (!node.get().equals(boundNode(current))) {
          throw forbidden(type, current, "node \"" + node.get() + "\" can only delete pods with spec.nodeName set to itself");
        }
      }
      case "nodes" -> admitOwnNode(node.get(), type, current);
      case "leases" -> admitLease(node.get(), type, current);
      default -> { }
    }
  }

  /** {@code pods/eviction} by a node: only of pods bound to it. Called before the budget is spent. */
  public void admitEviction(ResourceType pods, ObjectNode pod) {
    Optional<String> node = requestingNode(pods, pod);
    if (node.isPresent() && !node.get().equals(boundNode(pod))) {
      throw forbidden(pods, pod, "node " + node.get() + " can only evict pods with spec.nodeName set to itself");
    }
  }

  /** The node making this request when it is a core pod/node or a Lease write by a node identity. */
  private static Optional<String> requestingNode(ResourceType type, ObjectNode object) {
    boolean core = type.group().isEmpty() && Set.of("pods", "nodes").contains(type.plural());
    boolean lease = "coordination.k8s.io".equals(type.group()) && "leases".equals(type.plural());
    if (!core && !lease) return Optional.empty();
    UserInfo user = RequestUser.current().orElse(null);
    if (user == null || !user.name().startsWith(NodeAuthorizer.NODE_PREFIX)
        || !user.groups().contains(NodeAuthorizer.NODES_GROUP)) {
      return Optional.empty();
    }
    Optional<String> node = NodeAuthorizer.nodeOf(user);
    if (node.isEmpty()) throw forbidden(type, object, "could not determine node from user \"" + user.name() + "\"");
    return node;
  }

  private void admitMirrorPod(String node, ObjectNode pod) {
    String why = mirrorPodProblem(node, pod);
    if (why != null) throw forbidden("pods", Json.text(pod, "metadata.name"), why);
  }

  /** Why a node may not create this pod, or null when it is a mirror pod it may create. */
  private String mirrorPodProblem(String node, ObjectNode pod) {
    String quoted = "\"" + node + "\"";
    if (!pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
      return "pod does not have \"" + MIRROR_ANNOTATION + "\" annotation, node " + quoted + " can only create mirror pods";
    }
    if (!node.equals(boundNode(pod))) return "node " + quoted + " can only create pods with spec.nodeName set to itself";
    JsonNode owners = pod.path("metadata").path("ownerReferences");
    if (owners.size() > 1) return "node " + quoted + " can only create pods with a single owner reference set to itself";
    if (owners.size() == 0) return "node " + quoted + " can only create pods with an owner reference set to itself";
    JsonNode owner = owners.get(0);
    if (!"v1".equals(owner.path("apiVersion").asString("")) || !"Node".equals(owner.path("kind").asString(""))
        || !node.equals(owner.path("name").asString(""))) {
      return "node " + quoted + " can only create pods with an owner reference set to itself";
    }
    if (!owner.path("controller").asBoolean(false)) {
      return "node " + quoted + " can only create pods with a controller owner reference set to itself";
    }
    if (owner.path("blockOwnerDeletion").asBoolean(false)) {
      return "node " + quoted + " must not set blockOwnerDeletion on an owner reference";
    }
    Optional<ObjectNode> self = nodes.apply(node);
    if (self.isEmpty()) throw ApiException.notFound("", "nodes", node);
    String uid = Json.text(self.get(), "metadata.uid");
    String given = owner.path("uid").asString("");
    if (!given.equals(uid)) return "node " + node + " UID mismatch: expected " + given + " got " + uid;
    return referenceProblem(quoted, pod);
  }

  /** A mirror pod must not reach other API objects: the node could read them through it. */
  private static String referenceProblem(String quoted, ObjectNode pod) {
    JsonNode spec = pod.path("spec");
    if (!spec.path("serviceAccountName").asString("").isEmpty()) {
      return "node " + quoted + " can not create pods that reference a service account";
    }
    if (PodReferences.any(pod, "secret")) return "node " + quoted + " can not create pods that reference secrets";
    if (PodReferences.any(pod, "configmap")) return "node " + quoted + " can not create pods that reference configmaps";
    for (JsonNode v : spec.path("volumes")) {
      for (JsonNode s : v.path("projected").path("sources")) {
        if (s.has("clusterTrustBundle")) return "node " + quoted + " can not create pods that reference clustertrustbundles";
      }
    }
    if (PodReferences.any(pod, "pvc")) {
      return "node " + quoted + " can not create pods that reference persistentvolumeclaims";
    }
    return null;
  }

  private static void admitPodUpdate(String node, ResourceType type, ObjectNode pod, ObjectNode old) {
    if (!"status".equals(subresource())) {
      throw forbidden(type, old, "unexpected operation \"UPDATE\", node \"" + node + "\" can only create and delete mirror pods");
    }
    if (!node.equals(boundNode(old))) {
      throw forbidden(type, old, "node \"" + node + "\" can only update pod status for pods with spec.nodeName set to itself");
    }
    if (!NodeLabels.modified(pod.path("metadata").path("labels"), old.path("metadata").path("labels")).isEmpty()) {
      throw forbidden(type, old, "node \"" + node + "\" cannot update labels through pod status");
    }
  }

  private static void admitNodeUpdate(String node, ResourceType type, ObjectNode object, ObjectNode old) {
    admitOwnNode(node, type, old);
    if (!Json.MAPPER.valueToTree(taints(object)).equals(Json.MAPPER.valueToTree(taints(old)))) {
      throw forbidden(type, old, "node \"" + node + "\" is not allowed to modify taints");
    }
    Set<String> forbidden = NodeLabels.forbidden(
        NodeLabels.modified(object.path("metadata").path("labels"), old.path("metadata").path("labels")));
    if (!forbidden.isEmpty()) throw forbidden(type, old, "is not allowed to modify labels: " + String.join(", ", forbidden));
  }

  private static JsonNode taints(ObjectNode node) {
    JsonNode t = node.path("spec").path("taints");
    return t.isArray() && !t.isEmpty() ? t : Json.MAPPER.createArrayNode();
  }

  private static void admitOwnNode(String node, ResourceType type, ObjectNode object) {
    String requested = Json.text(object, "metadata.name");
    if (!node.equals(requested)) {
      throw forbidden(type, object, "node \"" + node + "\" is not allowed to modify node \"" + requested + "\"");
    }
  }

  private static void admitLease(String node, ResourceType type, ObjectNode lease) {
    if (!NODE_LEASE_NAMESPACE.equals(Json.text(lease, "metadata.namespace"))) {
      throw forbidden(type, lease, "can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
    }
    if (!node.equals(Json.text(lease, "metadata.name"))) {
      throw forbidden(type, lease, "can only access node lease with the same name as the requesting node");
    }
  }

  private static String boundNode(JsonNode pod) {
    return pod.path("spec").path("nodeName").asString("");
  }

  private static String subresource() {
    WriteContext write = WriteContext.current();
    return write == null ? null : write.scope().subresource();
  }

  private static ApiException forbidden(ResourceType type, ObjectNode object, String why) {
    return forbidden(type.plural(), Json.text(object, "metadata.name"), why);
  }

  /** Kubernetes' admission refusal: {@code <resource> "<name>" is forbidden: <why>}. */
  private static ApiException forbidden(String resource, String name, String why) {
    String n = name == null ? "" : name;
    return new ApiException(403, "Forbidden", resource + " \"" + n + "\" is forbidden: " + why, "", resource, n, List.of(), null);
  }
}
