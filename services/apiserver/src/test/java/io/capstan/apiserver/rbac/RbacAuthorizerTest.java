package io.capstan.apiserver.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.security.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule matching: resourceNames, subresources, wildcards, subjects, role kinds, and index updates. */
class RbacAuthorizerTest {

  private static PolicyRule rule(List<String> verbs, String group, String... resources) {
    return PolicyRule.resources(verbs, List.of(group), List.of(resources));
  }

  @Test
  void resourceNamesLimitToNamedObjectsAndNeverAllowLists() {
    PolicyFixture f = new PolicyFixture();
    f.role("ns", "one-cm", rule(List.of("get", "list"), "", "configmaps").names("app-config"));
    f.roleBinding("ns", "b", "Role", "one-cm", "User", "alice");
    UserInfo alice = PolicyFixture.user("alice");

    assertThat(f.authorizer.authorize(Attributes.resource(alice, "get", "", "configmaps", "", "ns", "app-config")).allowed()).isTrue();
    assertThat(f.authorizer.authorize(Attributes.resource(alice, "get", "", "configmaps", "", "ns", "other")).allowed()).isFalse();
    assertThat(f.authorizer.authorize(Attributes.resource(alice, "list", "", "configmaps", "", "ns", "")).allowed()).isFalse();
  }

  @Test
  void subresourcesNeedTheirOwnRuleAndStarSlashMatchesAnyResource() {
    PolicyFixture f = new PolicyFixture();
    f.role("ns", "logs", rule(List.of("get"), "", "pods/log"), rule(List.of("*"), "*", "*/scale"));
    f.roleBinding("ns", "b", "Role", "logs", "Group", "devs");
    UserInfo bob = PolicyFixture.user("bob", "devs");

    assertThat(f.authorizer.authorize(Attributes.resource(bob, "get", "", "pods", "log", "ns", "p")).allowed()).isTrue();
    assertThat(f.authorizer.authorize(Attributes.resource(bob, "get", "", "pods", "", "ns", "p")).allowed()).isFalse();
    assertThat(f.authorizer.authorize(Attributes.resource(bob, "get", "", "pods", "exec", "ns", "p")).allowed()).isFalse();
    assertThat(f.authorizer.authorize(Attributes.resource(bob, "update", "apps", "deployments", "scale", "ns", "d")).allowed()).isTrue();
    assertThat(f.authorizer.authorize(Attributes.resource(bob, "update", "apps", "deployments", "", "ns", "d")).allowed()).isFalse();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByTrailingStar() {
    PolicyFixture f = new PolicyFixture();
    f.index.putClusterRole(PolicyReconciler.roleObject(new BootstrapPolicy.ClusterRoleSpec("metrics",
        List.of(PolicyRule.urls(List.of("get"), List.of("/metrics", "/logs/*"))), List.of(), java.util.Map.of())));
    f.clusterRoleBinding("m", "metrics", "User", "carol");
    UserInfo carol = PolicyFixture.user("carol");

    assertThat(f.authorizer.authorize(Attributes.nonResource(carol, "get", "/metrics")).allowed()).isTrue();
    assertThat(f.authorizer.authorize(Attributes.nonResource(carol, "get", "/metrics/extra")).allowed()).isFalse();
    assertThat(f.authorizer.authorize(Attributes.nonResource(carol, "get", "/logs/a/b")).allowed()).isTrue();
    assertThat(f.authorizer.authorize(Attributes.nonResource(carol, "post", "/metrics")).allowed()).isFalse();
  }

  @Test
  void serviceAccountSubjectsDefaultToTheBindingsNamespace() {
    PolicyFixture f = PolicyFixture.bootstrap();
    f.roleBinding("ns", "sa-view", "ClusterRole", "view", "ServiceAccount", "robot");
    UserInfo robot = new UserInfo("system:serviceaccount:ns:robot", "", List.of("system:serviceaccounts",
        "system:serviceaccounts:ns", UserInfo.AUTHENTICATED));
    UserInfo otherRobot = new UserInfo("system:serviceaccount:other:robot", "", List.of(UserInfo.AUTHENTICATED));

    assertThat(f.authorizer.authorize(Attributes.resource(robot, "list", "", "pods", "", "ns", "")).allowed()).isTrue();
    assertThat(f.authorizer.authorize(Attributes.resource(otherRobot, "list", "", "pods", "", "ns", "")).allowed()).isFalse();
  }

  @Test
  void deletingABindingOrItsRoleRevokesAndMastersAlwaysPass() {
    PolicyFixture f = new PolicyFixture();
    f.role("ns", "r", rule(List.of("get"), "", "pods"));
    f.roleBinding("ns", "b", "Role", "r", "User", "dave");
    UserInfo dave = PolicyFixture.user("dave");
    Attributes get = Attributes.resource(dave, "get", "", "pods", "", "ns", "p");
    assertThat(f.authorizer.authorize(get).allowed()).isTrue();

    tools.jackson.databind.node.ObjectNode role = io.capstan.model.Json.object();
    role.putObject("metadata").put("name", "r").put("namespace", "ns");
    f.index.deleteRole(role);
    assertThat(f.authorizer.authorize(get).allowed()).isFalse();

    UserInfo master = new UserInfo("root", "", List.of(UserInfo.MASTERS));
    assertThat(new AuthorizerChain(List.of(f.authorizer))
        .authorize(Attributes.resource(master, "delete", "", "nodes", "", "", "n")).allowed()).isTrue();
  }

  @Test
  void ruleCoverageBreaksRulesDownAndTreatsStarLiterally() {
    List<PolicyRule> owner = List.of(rule(List.of("get", "list"), "", "pods", "pods/log"),
        rule(List.of("*"), "apps", "deployments"));

    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("get"), "", "pods", "pods/log")))).isEmpty();
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("create", "delete"), "apps", "deployments")))).isEmpty();
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("*"), "", "pods"))))
        .containsExactly(rule(List.of("*"), "", "pods"));
    assertThat(RuleCoverage.uncovered(owner, List.of(rule(List.of("get"), "", "secrets"))))
        .containsExactly(rule(List.of("get"), "", "secrets"));
  }
}
