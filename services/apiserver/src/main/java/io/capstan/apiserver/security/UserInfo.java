package io.capstan.apiserver.security;

import java.util.List;

/** An authenticated caller, as Kubernetes' {@code user.Info}. */
public record UserInfo(String name, String uid, List<String> groups) {
  public static final String MASTERS = "system:masters";
  public static final String AUTHENTICATED = "system:authenticated";
}
