package io.capstan.apiserver.authz;

import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.ApiException;
import java.util.List;

/** Kubernetes' Forbidden wording, so kubectl prints the familiar {@code Error from server (Forbidden): ...}. */
public final class Forbidden {
  private Forbidden() {}

  public static ApiException of(Attributes a, String reason) {
    UserInfo user = a.user();
    String suffix = reason == null || reason.isEmpty() ? "" : ": " + reason;
    if (!a.resourceRequest()) {
      return ApiException.forbidden("forbidden: User \"" + user.name() + "\" cannot " + a.verb()
          + " path \"" + a.path() + "\"" + suffix);
    }
    String resource = a.resourceWithSubresource();
    StringBuilder msg = new StringBuilder();
    msg.append(a.name().isEmpty() ? qualified(a) : qualified(a) + " \"" + a.name() + "\"")
        .append(" is forbidden: User \"").append(user.name()).append("\" cannot ").append(a.verb())
        .append(" resource \"").append(resource).append("\" in API group \"").append(a.group()).append("\"");
    msg.append(a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
    msg.append(suffix);
    return new ApiException(403, "Forbidden", msg.toString(), a.group(), a.resource(), a.name().isEmpty() ? null : a.name(),
        List.of(), null);
  }

  /** "pods" or "deployments.apps" (never the subresource), as Kubernetes names the resource in front of "is forbidden". */
  private static String qualified(Attributes a) {
    return a.group().isEmpty() ? a.resource() : a.resource() + "." + a.group();
  }
}
