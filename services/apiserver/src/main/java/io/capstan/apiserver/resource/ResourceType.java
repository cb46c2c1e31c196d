package io.capstan.apiserver.resource;

import java.util.List;
import java.util.Set;

/**
 * What the API server knows about one served resource: where it lives on the wire, in etcd,
 * and in discovery. Built-in kinds and custom resources are described the same way.
 *
 * @param group API group, "" for core
 * @param version API version, e.g. "v1"
 * @param plural resource name in URLs ("deployments")
 * @param kind object kind ("Deployment")
 * @param listKind list kind ("DeploymentList")
 * @param singular singular name ("deployment")
 * @param namespaced true when objects live in a namespace
 * @param shortNames kubectl aliases ("deploy")
 * @param categories discovery categories ("all")
 * @param subresources served subresources ("status", "scale", "binding")
 * @param verbs discovery verbs for the main resource
 * @param storagePrefix etcd key prefix without trailing slash ("/registry/deployments")
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String kind,
    String listKind,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    Set<String> subresources,
    List<String> verbs,
    String storagePrefix) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** "apps/v1", or "v1" for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The name Kubernetes prints in messages: "pods", "deployments.apps". */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** etcd key of one object; {@code namespace} is ignored for cluster-scoped resources. */
  public String key(String namespace, String name) {
    return namespaced ? storagePrefix + "/" + namespace + "/" + name : storagePrefix + "/" + name;
  }

  /** etcd key prefix of a list: one namespace, or all (namespace null). Ends with "/". */
  public String listPrefix(String namespace) {
    return namespaced && namespace != null ? storagePrefix + "/" + namespace + "/" : storagePrefix + "/";
  }
}
