package io.capstan.apiserver.security;

import java.util.List;
import java.util.Map;

/** An authenticated caller, as Kubernetes' {@code user.Info}. */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String MASTERS = "system:masters";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String ANONYMOUS = "system:anonymous";
  public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  public UserInfo {
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public UserInfo(String name, String uid, List<String> groups) {
    this(name, uid, groups, Map.of());
  }

  /** This user with {@code system:authenticated} added, as every authenticated request gets it. */
  public UserInfo withAuthenticatedGroup() {
    if (groups.contains(AUTHENTICATED) || name.equals(ANONYMOUS)) return this;
    List<String> g = new java.util.ArrayList<>(groups);
    g.add(AUTHENTICATED);
    return new UserInfo(name, uid, g, extra);
  }
}
