package io.capstan.apiserver.authz;

import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.security.UserInfo;

/**
 * What is being asked (Kubernetes' {@code authorizer.Attributes}): a user, a verb and either a
 * resource (group, resource, subresource, namespace, name) or a non-resource path.
 */
public record Attributes(
    UserInfo user,
    String verb,
    boolean resourceRequest,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  public static Attributes resource(UserInfo user, String verb, String group, String resource,
      String subresource, String namespace, String name) {
    return new Attributes(user, verb, true, nz(group), nz(resource), nz(subresource), nz(namespace), nz(name), "");
  }

  public static Attributes nonResource(UserInfo user, String verb, String path) {
    return new Attributes(user, verb, false, "", "", "", "", "", path);
  }

  public static Attributes of(UserInfo user, RequestInfo info) {
    if (!info.resourceRequest()) return nonResource(user, info.verb(), info.path());
    String namespace = info.namespace();
    // Kubernetes authorizes /api/v1/namespaces/<name> in the namespace <name>, so a RoleBinding's
    // "get namespaces" lets its subjects read their own namespace.
    if (namespace == null && "namespaces".equals(info.resource()) && "".equals(info.group())) namespace = info.name();
    return resource(user, info.verb(), info.group(), info.resource(), info.subresource(), namespace, info.name());
  }

  /** "pods" or "pods/log". */
  public String resourceWithSubresource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  public Attributes withUser(UserInfo other) {
    return new Attributes(other, verb, resourceRequest, group, resource, subresource, namespace, name, path);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
