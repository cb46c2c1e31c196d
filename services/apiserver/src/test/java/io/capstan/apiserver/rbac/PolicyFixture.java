package io.capstan.apiserver.rbac;

import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The bootstrap policy loaded into an {@link RbacIndex} as the server would hold it, aggregation included. */
final class PolicyFixture {
  final RbacIndex index = new RbacIndex();
  final RbacAuthorizer authorizer = new RbacAuthorizer(index);

  static PolicyFixture bootstrap() {
    PolicyFixture f = new PolicyFixture();
    List<ObjectNode> roles = new ArrayList<>();
    for (BootstrapPolicy.ClusterRoleSpec spec : BootstrapPolicy.clusterRoles()) roles.add(PolicyReconciler.roleObject(spec));
    // Aggregate until nothing changes (edit feeds admin, view feeds edit), as the controller settles.
    for (boolean changed = true; changed; ) {
      changed = false;
      for (ObjectNode role : roles) {
        if (!role.has("aggregationRule")) continue;
        ArrayNode rules = ClusterRoleAggregator.aggregate(role, roles);
        if (!rules.equals(role.get("rules"))) {
          role.set("rules", rules);
          changed = true;
        }
      }
    }
    roles.forEach(f.index::putClusterRole);
    for (BootstrapPolicy.BindingSpec spec : BootstrapPolicy.clusterRoleBindings()) {
      f.index.putClusterRoleBinding(PolicyReconciler.bindingObject(spec));
    }
    return f;
  }

  void roleBinding(String namespace, String name, String roleKind, String role, String subjectKind, String subject) {
    ObjectNode b = Json.object();
    b.putObject("metadata").put("name", name).put("namespace", namespace);
    b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", roleKind).put("name", role);
    ArrayNode subjects = b.putArray("subjects");
    ObjectNode s = subjects.addObject().put("kind", subjectKind).put("name", subject);
    if (subjectKind.equals("ServiceAccount")) s.put("namespace", namespace);
    index.putRoleBinding(b);
  }

  void clusterRoleBinding(String name, String role, String subjectKind, String subject) {
    ObjectNode b = Json.object();
    b.putObject("metadata").put("name", name);
    b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole").put("name", role);
    b.putArray("subjects").addObject().put("kind", subjectKind).put("name", subject);
    index.putClusterRoleBinding(b);
  }

  void role(String namespace, String name, PolicyRule... rules) {
    ObjectNode r = Json.object();
    r.putObject("metadata").put("name", name).put("namespace", namespace);
    ArrayNode a = r.putArray("rules");
    for (PolicyRule rule : rules) a.add(rule.toJson());
    index.putRole(r);
  }

  static UserInfo user(String name, String... groups) {
    List<String> g = new ArrayList<>(List.of(groups));
    g.add(UserInfo.AUTHENTICATED);
    return new UserInfo(name, "", g);
  }
}
