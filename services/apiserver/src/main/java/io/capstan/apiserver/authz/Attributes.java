package io.capstan.apiserver.authz;

import io.capstan.apiserver.query.FieldSelector;
import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.ApiException;
import java.util.Optional;

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

  /** @param fieldSelector the request's {@code fieldSelector} parameter, null when absent */
  public static Attributes of(UserInfo user, RequestInfo info, String fieldSelector) {
    if (!info.resourceRequest()) return nonResource(user, info.verb(), info.path());
    String namespace = info.namespace();
    // Kubernetes authorizes /api/v1/namespaces/<name> in the namespace <name>, so a RoleBinding's
    // "get namespaces" lets its subjects read their own namespace.
    if (namespace == null && "namespaces".equals(info.resource()) && "".equals(info.group())) namespace = info.name();
    String name = info.name();
    // As Kubernetes' RequestInfoFactory: a list or watch of one object by metadata.name is about
    // that object, so resourceNames rules and the Node authorizer can allow it.
    if (name == null && ("list".equals(info.verb()) || "watch".equals(info.verb()))) {
      name = exactName(fieldSelector).orElse(null);
    }
    return resource(user, info.verb(), info.group(), info.resource(), info.subresource(), namespace, name);
  }

  private static Optional<String> exactName(String fieldSelector) {
    FieldSelector selector;
    try {
      selector = FieldSelector.parse(fieldSelector);
    } catch (ApiException malformed) {
      // Kubernetes authorizes such a request without a name; the handler then answers 400.
      return Optional.empty();
    }
    return selector.requiresExactMatch("metadata.name").filter(Attributes::isPathSegmentName);
  }

  /** Kubernetes' {@code IsValidPathSegmentName}: a name that could have been in the path instead. */
  private static boolean isPathSegmentName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('%') < 0;
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
