package io.capstan.apiserver.security;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.authz.Forbidden;
import io.capstan.model.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' impersonation headers ({@code Impersonate-User}, {@code -Group}, {@code -Uid},
 * {@code -Extra-<key>}; kubectl {@code --as}, {@code --as-group}). Each impersonated attribute is
 * itself authorized with the {@code impersonate} verb: users (or serviceaccounts for
 * {@code system:serviceaccount:<ns>:<name>}), groups, uids and userextras/<key>.
 */
public final class Impersonation {
  private static final String USER = "Impersonate-User";
  private static final String GROUP = "Impersonate-Group";
  private static final String UID = "Impersonate-Uid";
  private static final String EXTRA = "impersonate-extra-";
  private static final String AUTHN_GROUP = "authentication.k8s.io";

  private Impersonation() {}

  /** The user the request acts as: {@code requester} itself when no impersonation header is present. */
  public static UserInfo apply(HttpServletRequest req, UserInfo requester, Authorizer authorizer) {
    String name = req.getHeader(USER);
    List<String> groups = req.getHeaders(GROUP) == null ? List.of() : Collections.list(req.getHeaders(GROUP));
    String uid = req.getHeader(UID);
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String h : Collections.list(req.getHeaderNames())) {
      if (h.toLowerCase().startsWith(EXTRA)) {
        extra.put(h.substring(EXTRA.length()).toLowerCase(), Collections.list(req.getHeaders(h)));
      }
    }
    if (name == null && groups.isEmpty() && uid == null && extra.isEmpty()) return requester;
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("requested impersonation of groups, uid or extra without impersonating a user");
    }
    List<Attributes> checks = new ArrayList<>();
    List<String> finalGroups = new ArrayList<>(groups);
    if (name.startsWith(UserInfo.SERVICE_ACCOUNT_PREFIX)) {
      String[] parts = name.substring(UserInfo.SERVICE_ACCOUNT_PREFIX.length()).split(":", 2);
      if (parts.length != 2) throw ApiException.badRequest("invalid service account name \"" + name + "\"");
      checks.add(Attributes.resource(requester, "impersonate", "", "serviceaccounts", "", parts[0], parts[1]));
      if (groups.isEmpty()) {
        finalGroups.add("system:serviceaccounts");
        finalGroups.add("system:serviceaccounts:" + parts[0]);
      }
    } else {
      checks.add(Attributes.resource(requester, "impersonate", "", "users", "", "", name));
    }
    for (String g : groups) checks.add(Attributes.resource(requester, "impersonate", "", "groups", "", "", g));
    if (uid != null) checks.add(Attributes.resource(requester, "impersonate", AUTHN_GROUP, "uids", "", "", uid));
    extra.forEach((k, values) -> values.forEach(v ->
        checks.add(Attributes.resource(requester, "impersonate", AUTHN_GROUP, "userextras", k, "", v))));
    for (Attributes a : checks) {
      Decision d = authorizer.authorize(a);
      if (!d.allowed()) throw Forbidden.of(a, d.reason());
    }
    UserInfo impersonated = new UserInfo(name, uid == null ? "" : uid, finalGroups, extra);
    if (name.equals(UserInfo.ANONYMOUS)) {
      if (!finalGroups.contains(UserInfo.UNAUTHENTICATED)) finalGroups.add(UserInfo.UNAUTHENTICATED);
      return new UserInfo(name, impersonated.uid(), finalGroups, extra);
    }
    return impersonated.withAuthenticatedGroup();
  }
}
