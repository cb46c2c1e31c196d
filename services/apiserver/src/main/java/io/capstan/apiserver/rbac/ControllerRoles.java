package io.capstan.apiserver.rbac;

import io.capstan.apiserver.rbac.BootstrapPolicy.BindingSpec;
import io.capstan.apiserver.rbac.BootstrapPolicy.ClusterRoleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' controller roles (bootstrappolicy/controller_policy.go, v1.32) for the controllers
 * Capstan runs: {@code system:controller:<account>}, each bound to the service account
 * {@code kube-system/<account>} under which the controller manager runs that controller
 * ({@code --use-service-account-credentials}). The controller manager's own identity only reads
 * (for the shared informers) and mints these accounts' tokens.
 */
public final class ControllerRoles {
  public static final String PREFIX = "system:controller:";
  public static final String NAMESPACE = "kube-system";

  private static final String CORE = "";
  private static final String APPS = "apps";
  private static final String BATCH = "batch";
  private static final String EXTENSIONS = "extensions";
  private static final String POLICY = "policy";
  private static final String DISCOVERY = "discovery.k8s.io";
  private static final List<String> READ = List.of("get", "list", "watch");

  private ControllerRoles() {}

  public static List<ClusterRoleSpec> roles() {
    List<ClusterRoleSpec> roles = new ArrayList<>();
    roles.add(role("cronjob-controller",
        rule(List.of("get", "list", "watch", "update"), BATCH, "cronjobs"),
        rule(List.of("get", "list", "watch", "create", "update", "delete", "patch"), BATCH, "jobs"),
        rule("update", BATCH, "cronjobs/status", "cronjobs/finalizers"),
        rule(List.of("list", "watch", "delete"), CORE, "pods")));
    roles.add(role("daemon-set-controller",
        rules(READ, List.of(EXTENSIONS, APPS), "daemonsets"),
        rules(List.of("update"), List.of(EXTENSIONS, APPS), "daemonsets/status", "daemonsets/finalizers"),
        rule(List.of("list", "watch"), CORE, "nodes"),
        rule(List.of("list", "watch", "create", "delete", "patch"), CORE, "pods"),
        rule("create", CORE, "pods/binding"),
        rule(List.of("get", "list", "watch", "create", "delete", "update", "patch"), APPS, "controllerrevisions")));
    roles.add(role("deployment-controller",
        rules(List.of("get", "list", "watch", "update"), List.of(EXTENSIONS, APPS), "deployments"),
        rules(List.of("update"), List.of(EXTENSIONS, APPS), "deployments/status", "deployments/finalizers"),
        rules(List.of("get", "list", "watch", "create", "update", "patch", "delete"), List.of(APPS, EXTENSIONS), "replicasets"),
        rule(List.of("get", "list", "watch", "update"), CORE, "pods")));
    roles.add(role("disruption-controller",
        rules(READ, List.of(EXTENSIONS, APPS), "deployments"),
        rules(READ, List.of(APPS, EXTENSIONS), "replicasets"),
        rule(READ, CORE, "replicationcontrollers"),
        rule(READ, POLICY, "poddisruptionbudgets"),
        rule(READ, APPS, "statefulsets"),
        rule("update", POLICY, "poddisruptionbudgets/status"),
        rule(List.of("patch", "update"), CORE, "pods/status"),
        rule("get", "*", "*/scale")));
    roles.add(role("endpoint-controller",
        rule(READ, CORE, "services", "pods"),
        rule(List.of("get", "list", "watch", "create", "update", "delete"), CORE, "endpoints"),
        rule("create", CORE, "endpoints/restricted")));
    roles.add(role("endpointslice-controller",
        rule(READ, CORE, "services", "pods", "nodes"),
        rule("update", CORE, "services/finalizers"),
        rule(List.of("get", "list", "watch", "create", "update", "delete"), DISCOVERY, "endpointslices")));
    roles.add(role("generic-garbage-collector",
        rule(List.of("get", "list", "watch", "patch", "update", "delete"), "*", "*")));
    roles.add(role("job-controller",
        rule(List.of("get", "list", "watch", "update", "patch"), BATCH, "jobs"),
        rule("update", BATCH, "jobs/status", "jobs/finalizers"),
        rule(List.of("list", "watch", "create", "delete", "patch"), CORE, "pods")));
    roles.add(new ClusterRoleSpec(PREFIX + "namespace-controller", List.of(
        rule(List.of("get", "list", "watch", "delete"), CORE, "namespaces"),
        rule("update", CORE, "namespaces/finalize", "namespaces/status"),
        rule(List.of("get", "list", "watch", "delete", "deletecollection"), "*", "*")), List.of(), Map.of()));
    roles.add(role("node-controller",
        rule(List.of("get", "list", "watch", "update", "delete", "patch"), CORE, "nodes"),
        rule(List.of("patch", "update"), CORE, "nodes/status", "pods/status"),
        rule(List.of("list", "watch", "get", "delete"), CORE, "pods")));
    roles.add(role("taint-eviction-controller",
        rule(List.of("get", "list", "watch", "delete"), CORE, "pods"),
        rule("patch", CORE, "pods/status")));
    roles.add(new ClusterRoleSpec(PREFIX + "pod-garbage-collector", List.of(
        rule(List.of("list", "watch", "delete"), CORE, "pods"),
        rule(READ, CORE, "nodes"),
        rule("patch", CORE, "pods/status")), List.of(), Map.of()));
    roles.add(role("replicaset-controller",
        rules(List.of("get", "list", "watch", "update"), List.of(APPS, EXTENSIONS), "replicasets"),
        rules(List.of("update"), List.of(APPS, EXTENSIONS), "replicasets/status", "replicasets/finalizers"),
        rule(List.of("list", "watch", "patch", "create", "delete"), CORE, "pods")));
    roles.add(role("replication-controller",
        rule(List.of("get", "list", "watch", "update"), CORE, "replicationcontrollers"),
        rule("update", CORE, "replicationcontrollers/status", "replicationcontrollers/finalizers"),
        rule(List.of("list", "watch", "patch", "create", "delete"), CORE, "pods")));
    roles.add(role("service-account-controller", rule("create", CORE, "serviceaccounts")));
    roles.add(role("service-controller",
        rule(READ, CORE, "services"),
        rule(List.of("patch", "update"), CORE, "services/status"),
        rule(List.of("list", "watch"), CORE, "nodes")));
    roles.add(role("statefulset-controller",
        rule(List.of("list", "watch"), CORE, "pods"),
        rule(READ, APPS, "statefulsets"),
        rule("update", APPS, "statefulsets/status", "statefulsets/finalizers"),
        rule(List.of("get", "create", "delete", "update", "patch"), CORE, "pods"),
        rule(List.of("get", "create", "delete", "update", "patch", "list", "watch"), APPS, "controllerrevisions"),
        rule(List.of("get", "create", "list", "watch"), CORE, "persistentvolumeclaims"),
        rule(List.of("update", "delete"), CORE, "persistentvolumeclaims"),
        rule("update", CORE, "pods/finalizers")));
    roles.add(role("ttl-after-finished-controller", rule(List.of("get", "list", "watch", "delete"), BATCH, "jobs")));
    roles.add(role("root-ca-cert-publisher", rule(List.of("create", "update"), CORE, "configmaps")));
    return roles;
  }

  /** Each role bound to the service account of its name in kube-system, as Kubernetes binds them. */
  public static List<BindingSpec> bindings() {
    return roles().stream().map(r -> new BindingSpec(r.name(), r.name(), List.of(), List.of(),
        List.of(NAMESPACE + ":" + r.name().substring(PREFIX.length())))).toList();
  }

  /** The role of an account, Kubernetes' events rule appended (every controller but two records events). */
  private static ClusterRoleSpec role(String account, PolicyRule... rules) {
    List<PolicyRule> all = new ArrayList<>(List.of(rules));
    all.add(PolicyRule.resources(List.of("create", "update", "patch"), List.of(CORE, "events.k8s.io"), List.of("events")));
    return new ClusterRoleSpec(PREFIX + account, all, List.of(), Map.of());
  }

  private static PolicyRule rule(List<String> verbs, String group, String... resources) {
    return PolicyRule.resources(verbs, List.of(group), List.of(resources));
  }

  private static PolicyRule rule(String verb, String group, String... resources) {
    return rule(List.of(verb), group, resources);
  }

  private static PolicyRule rules(List<String> verbs, List<String> groups, String... resources) {
    return PolicyRule.resources(verbs, groups, List.of(resources));
  }
}
