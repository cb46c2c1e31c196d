package io.capstan.apiserver.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Reconciling the default policy adds what is missing and keeps what administrators added. */
class PolicyReconcilerTest {

  private static BootstrapPolicy.ClusterRoleSpec spec(String name) {
    return BootstrapPolicy.clusterRoles().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void missingRulesAndLabelsAreAddedAndExtraRulesKept() {
    ObjectNode desired = PolicyReconciler.roleObject(spec("system:basic-user"));
    ObjectNode current = Json.object();
    current.putObject("metadata").put("name", "system:basic-user");
    current.putArray("rules").add(PolicyRule.resources(List.of("get"), List.of(""), List.of("configmaps")).toJson());

    assertThat(PolicyReconciler.mergeRole(current, desired)).isTrue();
    List<PolicyRule> rules = PolicyRule.fromJson(current.get("rules"));
    assertThat(RuleCoverage.uncovered(rules, PolicyRule.fromJson(desired.get("rules")))).isEmpty();
    assertThat(rules).contains(PolicyRule.resources(List.of("get"), List.of(""), List.of("configmaps")));
    assertThat(current.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asString()).isEqualTo("rbac-defaults");
    assertThat(PolicyReconciler.mergeRole(current, desired)).isFalse();
  }

  @Test
  void aggregatedRolesGetTheirSelectorsNotRules() {
    ObjectNode desired = PolicyReconciler.roleObject(spec("view"));
    ObjectNode current = desired.deepCopy();
    current.remove("aggregationRule");
    current.putArray("rules").add(PolicyRule.resources(List.of("get"), List.of(""), List.of("pods")).toJson());

    assertThat(PolicyReconciler.mergeRole(current, desired)).isTrue();
    assertThat(current.path("aggregationRule").path("clusterRoleSelectors").get(0).path("matchLabels")
        .path(BootstrapPolicy.AGGREGATE_TO_VIEW).asString()).isEqualTo("true");
    assertThat(current.path("rules").size()).isEqualTo(1);
  }

  @Test
  void bindingsGainMissingSubjectsOnly() {
    BootstrapPolicy.BindingSpec spec = BootstrapPolicy.clusterRoleBindings().get(0);
    ObjectNode desired = PolicyReconciler.bindingObject(spec);
    ObjectNode current = desired.deepCopy();
    current.putArray("subjects").addObject().put("kind", "User").put("name", "extra-admin");

    assertThat(PolicyReconciler.mergeBinding(current, desired)).isTrue();
    assertThat(current.path("subjects").size()).isEqualTo(2);
    assertThat(PolicyReconciler.mergeBinding(current, desired)).isFalse();
  }

  @Test
  void retiredDefaultsGoUnlessAnAdministratorKeptThem() {
    ObjectNode union = PolicyReconciler.bindingObject(new BootstrapPolicy.BindingSpec("system:capstan:controller-manager",
        "system:capstan:controller-manager", List.of("system:kube-controller-manager"), List.of()));
    assertThat(PolicyReconciler.retirable(union)).isTrue();
    ((ObjectNode) union.get("metadata").get("annotations")).put(BootstrapPolicy.AUTOUPDATE, "false");
    assertThat(PolicyReconciler.retirable(union)).isFalse();
    ObjectNode own = Json.object();
    own.putObject("metadata").put("name", "system:capstan:controller-manager");
    assertThat(PolicyReconciler.retirable(own)).isFalse();
    assertThat(BootstrapPolicy.clusterRoles()).noneMatch(r -> BootstrapPolicy.RETIRED.contains(r.name()));
  }
}
