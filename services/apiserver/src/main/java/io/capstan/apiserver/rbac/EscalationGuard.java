package io.capstan.apiserver.rbac;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.authz.RuleResolver;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.ApiException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' privilege-escalation prevention for RBAC writes. A Role or ClusterRole may be created
 * or updated only by someone who already holds every permission in it, or who may {@code escalate}
 * on it; a binding only by someone who holds every permission of the referenced role (in the
 * binding's namespace), or who may {@code bind} that role. {@code system:masters} and the server's
 * own writes (no request user) pass.
 */
@Component
public class EscalationGuard implements RegistryHook {
  private static final String GROUP = "rbac.authorization.k8s.io";
  private final Authorizer authorizer;
  private final RuleResolver rules;
  private final java.util.function.Supplier<RbacIndex> index;

  @org.springframework.beans.factory.annotation.Autowired
  public EscalationGuard(AuthorizerChain authorizer, RbacAuthorizer rules, RbacInformers informers) {
    this(authorizer, rules, informers::index);
  }

  EscalationGuard(Authorizer authorizer, RuleResolver rules, java.util.function.Supplier<RbacIndex> index) {
    this.authorizer = authorizer;
    this.rules = rules;
    this.index = index;
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode object, boolean dryRun) {
    check(type, object);
  }

  @Override
  public void beforeUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
    check(type, object);
  }

  private void check(ResourceType type, ObjectNode object) {
    if (!GROUP.equals(type.group())) return;
    UserInfo user = RequestUser.current().orElse(null);
    if (user == null || user.groups().contains(UserInfo.MASTERS)) return;
    String ns = object.path("metadata").path("namespace").asString("");
    if (!type.namespaced()) ns = "";
    String name = object.path("metadata").path("name").asString("");
    switch (type.plural()) {
      case "roles", "clusterroles" -> {
        if (allowed(user, "escalate", type.plural(), ns, name)) return;
        deny(type, name, user, RuleCoverage.uncovered(rules.rulesFor(user, ns), PolicyRule.fromJson(object.get("rules"))));
      }
      case "rolebindings", "clusterrolebindings" -> {
        String kind = object.path("roleRef").path("kind").asString("");
        String roleName = object.path("roleRef").path("name").asString("");
        String roleResource = "Role".equals(kind) ? "roles" : "clusterroles";
        if (allowed(user, "bind", roleResource, ns, roleName)) return;
        List<PolicyRule> granted = index.get().rulesOf(kind, ns, roleName);
        deny(type, name, user, RuleCoverage.uncovered(rules.rulesFor(user, ns), granted));
      }
      default -> { }
    }
  }

  private boolean allowed(UserInfo user, String verb, String resource, String ns, String name) {
    return authorizer.authorize(Attributes.resource(user, verb, GROUP, resource, "", ns, name)).allowed();
  }

  private static void deny(ResourceType type, String name, UserInfo user, List<PolicyRule> missing) {
    if (missing.isEmpty()) return;
    String groups = user.groups().stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(" "));
    String held = missing.stream().map(EscalationGuard::describe).collect(Collectors.joining("\n"));
    throw new ApiException(403, "Forbidden", type.plural() + "." + GROUP + " \"" + name + "\" is forbidden: user \""
        + user.name() + "\" (groups=[" + groups + "]) is attempting to grant RBAC permissions not currently held:\n" + held,
        GROUP, type.plural(), name, List.of(), null);
  }

  /** Kubernetes' compact rule form: {APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}. */
  static String describe(PolicyRule r) {
    StringBuilder b = new StringBuilder("{");
    if (!r.apiGroups().isEmpty()) b.append("APIGroups:").append(quoted(r.apiGroups())).append(", ");
    if (!r.resources().isEmpty()) b.append("Resources:").append(quoted(r.resources())).append(", ");
    if (!r.resourceNames().isEmpty()) b.append("ResourceNames:").append(quoted(r.resourceNames())).append(", ");
    if (!r.nonResourceURLs().isEmpty()) b.append("NonResourceURLs:").append(quoted(r.nonResourceURLs())).append(", ");
    return b.append("Verbs:").append(quoted(r.verbs())).append("}").toString();
  }

  private static String quoted(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(" ", "[", "]"));
  }
}
