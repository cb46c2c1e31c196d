package io.capstan.apiserver.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Privilege-escalation prevention: roles and bindings only with permissions held, or escalate/bind. */
class EscalationGuardTest {
  private static final ResourceCatalog CATALOG = new ResourceCatalog();
  private static final ResourceType ROLES = type("roles");
  private static final ResourceType CLUSTER_ROLES = type("clusterroles");
  private static final ResourceType ROLE_BINDINGS = type("rolebindings");

  private final PolicyFixture policy = PolicyFixture.bootstrap();
  private final EscalationGuard guard = new EscalationGuard(new AuthorizerChain(List.of(policy.authorizer)),
      policy.authorizer, () -> policy.index);

  private static ResourceType type(String plural) {
    return CATALOG.find("rbac.authorization.k8s.io", "v1", plural).orElseThrow().type();
  }

  private static ObjectNode role(String ns, String name, PolicyRule... rules) {
    ObjectNode r = Json.object();
    r.putObject("metadata").put("name", name).put("namespace", ns);
    var a = r.putArray("rules");
    for (PolicyRule rule : rules) a.add(rule.toJson());
    return r;
  }

  private static ObjectNode binding(String ns, String roleKind, String role) {
    ObjectNode b = Json.object();
    b.putObject("metadata").put("name", "b").put("namespace", ns);
    b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", roleKind).put("name", role);
    b.putArray("subjects").addObject().put("kind", "User").put("name", "mallory");
    return b;
  }

  @Test
  void anAdminMayCreateRolesWithinItsOwnPermissionsOnly() {
    policy.roleBinding("team-a", "a", "ClusterRole", "admin", "User", "ann");
    try (RequestUser.Scope ignored = RequestUser.bind(PolicyFixture.user("ann"))) {
      assertThatCode(() -> guard.beforeCreate(ROLES, role("team-a", "pods-reader",
          PolicyRule.resources(List.of("get", "list"), List.of(""), List.of("pods"))), false)).doesNotThrowAnyException();

      assertThatThrownBy(() -> guard.beforeCreate(ROLES, role("team-a", "node-killer",
          PolicyRule.resources(List.of("delete"), List.of(""), List.of("nodes"))), false))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(403);
            assertThat(e.getMessage()).isEqualTo("roles.rbac.authorization.k8s.io \"node-killer\" is forbidden: user \"ann\" "
                + "(groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"delete\"]}");
          });
      // held in team-a is not held in team-b
      assertThatThrownBy(() -> guard.beforeCreate(ROLES, role("team-b", "pods-reader",
          PolicyRule.resources(List.of("get"), List.of(""), List.of("pods"))), false)).isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> guard.beforeCreate(CLUSTER_ROLES, role("", "c",
          PolicyRule.resources(List.of("get"), List.of(""), List.of("pods"))), false)).isInstanceOf(ApiException.class);
    }
  }

  @Test
  void bindingNeedsTheRolesPermissionsOrBind() {
    policy.roleBinding("team-a", "e", "ClusterRole", "edit", "User", "eve");
    try (RequestUser.Scope ignored = RequestUser.bind(PolicyFixture.user("eve"))) {
      // eve holds every permission of view, but not of admin
      assertThatCode(() -> guard.beforeCreate(ROLE_BINDINGS, binding("team-a", "ClusterRole", "view"), false))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> guard.beforeCreate(ROLE_BINDINGS, binding("team-a", "ClusterRole", "admin"), false))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
    }
    policy.role("team-a", "binder", PolicyRule.resources(List.of("bind"), List.of("rbac.authorization.k8s.io"),
        List.of("clusterroles")).names("admin"));
    policy.roleBinding("team-a", "eb", "Role", "binder", "User", "eve");
    try (RequestUser.Scope ignored = RequestUser.bind(PolicyFixture.user("eve"))) {
      assertThatCode(() -> guard.beforeCreate(ROLE_BINDINGS, binding("team-a", "ClusterRole", "admin"), false))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> guard.beforeCreate(ROLE_BINDINGS, binding("team-a", "ClusterRole", "cluster-admin"), false))
          .isInstanceOf(ApiException.class);
    }
  }

  @Test
  void escalateVerbMastersAndServerWritesPass() {
    policy.role("team-a", "escalator", PolicyRule.resources(List.of("escalate", "create"), List.of("rbac.authorization.k8s.io"),
        List.of("roles")));
    policy.roleBinding("team-a", "x", "Role", "escalator", "User", "esc");
    ObjectNode big = role("team-a", "big", PolicyRule.resources(List.of("*"), List.of("*"), List.of("*")));
    try (RequestUser.Scope ignored = RequestUser.bind(PolicyFixture.user("esc"))) {
      assertThatCode(() -> guard.beforeCreate(ROLES, big, false)).doesNotThrowAnyException();
    }
    try (RequestUser.Scope ignored = RequestUser.bind(new UserInfo("root", "", List.of(UserInfo.MASTERS)))) {
      assertThatCode(() -> guard.beforeCreate(ROLES, big, false)).doesNotThrowAnyException();
    }
    assertThatCode(() -> guard.beforeUpdate(ROLES, big, big)).doesNotThrowAnyException();
    try (RequestUser.Scope ignored = RequestUser.bind(PolicyFixture.user("nobody"))) {
      assertThatThrownBy(() -> guard.beforeUpdate(ROLES, big, big)).isInstanceOf(ApiException.class);
    }
  }
}
