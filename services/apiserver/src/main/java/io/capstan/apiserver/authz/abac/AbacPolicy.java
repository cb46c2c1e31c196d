package io.capstan.apiserver.authz.abac;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.security.UserInfo;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One line of an ABAC policy file ({@code abac.authorization.kubernetes.io/v1beta1} {@code Policy}),
 * matched with Kubernetes' rules: the subject (user and/or group, "*" for any) must match, a
 * {@code readonly} policy allows only get/list/watch, and either the resource part (namespace,
 * resource, apiGroup: each "*" or equal; an empty namespace matches only cluster-scoped requests)
 * matches a resource request, or {@code nonResourcePath} ("*", equal, or a "prefix*") matches a
 * non-resource request.
 */
record AbacPolicy(String user, String group, boolean readonly, String apiGroup, String resource, String namespace,
    String nonResourcePath) {
  private static final Set<String> READ_ONLY = Set.of("get", "list", "watch");

  static AbacPolicy fromSpec(JsonNode spec) {
    return new AbacPolicy(spec.path("user").asString(""), spec.path("group").asString(""),
        spec.path("readonly").asBoolean(false), spec.path("apiGroup").asString(""), spec.path("resource").asString(""),
        spec.path("namespace").asString(""), spec.path("nonResourcePath").asString(""));
  }

  boolean matches(Attributes a) {
    return subjectMatches(a.user()) && (!readonly || READ_ONLY.contains(a.verb()))
        && (a.resourceRequest() ? resourceMatches(a) : nonResourceMatches(a.path()));
  }

  private boolean subjectMatches(UserInfo u) {
    boolean matched = false;
    if (!user.isEmpty()) {
      if (!user.equals("*") && !user.equals(u.name())) return false;
      matched = true;
    }
    if (!group.isEmpty()) {
      if (!group.equals("*") && !u.groups().contains(group)) return false;
      matched = true;
    }
    return matched;
  }

  private boolean resourceMatches(Attributes a) {
    return (namespace.equals("*") || namespace.equals(a.namespace()))
        && (resource.equals("*") || resource.equals(a.resource()))
        && (apiGroup.equals("*") || apiGroup.equals(a.group()));
  }

  private boolean nonResourceMatches(String path) {
    if (nonResourcePath.equals("*") || nonResourcePath.equals(path)) return true;
    return nonResourcePath.endsWith("*") && path.startsWith(nonResourcePath.substring(0, nonResourcePath.length() - 1));
  }
}
