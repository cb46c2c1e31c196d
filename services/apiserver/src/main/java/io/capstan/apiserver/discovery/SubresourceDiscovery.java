package io.capstan.apiserver.discovery;

import io.capstan.apiserver.resource.ResourceType;
import java.util.List;

/**
 * What Kubernetes' discovery says about a subresource: the kind it answers with and its verbs
 * (e.g. {@code deployments/scale} answers with autoscaling/v1 Scale to get, patch and update;
 * {@code pods/exec} with PodExecOptions to create and get).
 *
 * @param group group of the response kind, "" when it is the parent resource's group
 * @param version version of the response kind, "" when it is the parent resource's version
 */
record SubresourceDiscovery(String name, String group, String version, String kind, List<String> verbs) {

  private static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");
  private static final List<String> CREATE = List.of("create");
  private static final List<String> CREATE_GET = List.of("create", "get");
  private static final List<String> PROXY_VERBS = List.of("create", "delete", "get", "patch", "update");

  static SubresourceDiscovery of(ResourceType parent, String subresource) {
    return switch (subresource) {
      case "scale" -> foreign(parent, subresource, "autoscaling", "v1", "Scale", GET_PATCH_UPDATE);
      case "eviction" -> foreign(parent, subresource, "policy", "v1", "Eviction", CREATE);
      case "token" -> foreign(parent, subresource, "authentication.k8s.io", "v1", "TokenRequest", CREATE);
      case "binding" -> foreign(parent, subresource, "", "v1", "Binding", CREATE);
      case "log" -> local(subresource, parent.kind(), List.of("get"));
      case "exec" -> local(subresource, "PodExecOptions", CREATE_GET);
      case "attach" -> local(subresource, "PodAttachOptions", CREATE_GET);
      case "portforward" -> local(subresource, "PodPortForwardOptions", CREATE_GET);
      case "proxy" -> local(subresource, parent.kind() + "ProxyOptions", PROXY_VERBS);
      case "finalize" -> local(subresource, parent.kind(), List.of("update"));
      // status, ephemeralcontainers, resize and anything else answer with the parent kind.
      default -> local(subresource, parent.kind(), GET_PATCH_UPDATE);
    };
  }

  private static SubresourceDiscovery local(String name, String kind, List<String> verbs) {
    return new SubresourceDiscovery(name, "", "", kind, verbs);
  }

  /** Group and version are given only when they differ from the parent's, as Kubernetes does. */
  private static SubresourceDiscovery foreign(ResourceType parent, String name, String group, String version,
      String kind, List<String> verbs) {
    if (parent.group().equals(group) && parent.version().equals(version)) return local(name, kind, verbs);
    return new SubresourceDiscovery(name, group, version, kind, verbs);
  }
}
