package io.capstan.apiserver.authz;

import io.capstan.apiserver.security.UserInfo;
import java.util.List;

/**
 * The authorization chain: members of {@code system:masters} are always allowed (as Kubernetes'
 * privileged-group authorizer), then each mode in order; the first decisive answer wins and no
 * opinion from anyone is a denial.
 */
public final class AuthorizerChain implements Authorizer {
  private final List<Authorizer> modes;

  public AuthorizerChain(List<Authorizer> modes) {
    this.modes = List.copyOf(modes);
  }

  @Override
  public Decision authorize(Attributes a) {
    if (a.user().groups().contains(UserInfo.MASTERS)) return Decision.allow("system:masters");
    String reasons = "";
    for (Authorizer mode : modes) {
      Decision d = mode.authorize(a);
      if (d.kind() != Decision.Kind.NO_OPINION) return d;
      if (d.reason() != null && !d.reason().isEmpty()) reasons = reasons.isEmpty() ? d.reason() : reasons + "; " + d.reason();
    }
    return Decision.noOpinion(reasons);
  }
}
