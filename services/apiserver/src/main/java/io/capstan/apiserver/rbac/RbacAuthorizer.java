package io.capstan.apiserver.rbac;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.authz.RuleResolver;
import io.capstan.apiserver.security.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' RBAC authorizer over an in-memory {@link RbacIndex}: allows when any rule of any
 * role bound to the user (cluster-wide, or in the request's namespace) allows; otherwise no
 * opinion. RBAC never denies explicitly.
 */
public final class RbacAuthorizer implements Authorizer, RuleResolver {
  private final RbacIndex index;

  public RbacAuthorizer(RbacIndex index) {
    this.index = index;
  }

  @Override
  public Decision authorize(Attributes a) {
    Decision[] found = {null};
    index.visit(a.user(), a.namespace(), (binding, rules) -> {
      for (PolicyRule r : rules) {
        if (r.allows(a)) {
          found[0] = Decision.allow("RBAC: allowed by " + (binding.namespace().isEmpty()
              ? "ClusterRoleBinding \"" + binding.key() + "\"" : "RoleBinding \"" + binding.key() + "\"")
              + " of " + binding.roleKind() + " \"" + binding.roleName() + "\"");
          return true;
        }
      }
      return false;
    });
    return found[0] != null ? found[0] : Decision.noOpinion("");
  }

  @Override
  public List<PolicyRule> rulesFor(UserInfo user, String namespace) {
    List<PolicyRule> out = new ArrayList<>();
    index.visit(user, namespace, (binding, rules) -> {
      out.addAll(rules);
      return false;
    });
    return out;
  }
}
