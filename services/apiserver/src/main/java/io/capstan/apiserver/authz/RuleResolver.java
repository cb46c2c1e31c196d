package io.capstan.apiserver.authz;

import io.capstan.apiserver.rbac.PolicyRule;
import io.capstan.apiserver.security.UserInfo;
import java.util.List;

/** The rules a user holds in a namespace (cluster-wide rules included), for rules reviews and escalation checks. */
public interface RuleResolver {
  List<PolicyRule> rulesFor(UserInfo user, String namespace);
}
