package io.capstan.apiserver.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' default RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, v1.32),
 * restated for the resources a Capstan cluster serves or may serve. Created at first start and
 * reconciled at every start by {@link PolicyReconciler}.
 */
public final class BootstrapPolicy {
  private BootstrapPolicy() {}

  public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
  public static final Map<String, String> LABELS = Map.of("kubernetes.io/bootstrapping", "rbac-defaults");
  public static final String AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
  public static final String AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
  public static final String AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

  /**
   * Defaults earlier versions created and this one removes at start: the union of every
   * controller's rights that the controller manager held before its controllers ran as service accounts.
   */
  public static final List<String> RETIRED = List.of("system:capstan:controller-manager");

  static final List<String> READ = List.of("get", "list", "watch");
  static final List<String> WRITE = List.of("create", "update", "patch", "delete", "deletecollection");
  static final List<String> READ_WRITE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
  static final List<String> READ_UPDATE = List.of("get", "list", "watch", "update", "patch");

  private static final String CORE = "";
  private static final String APPS = "apps";
  private static final String AUTHN = "authentication.k8s.io";
  private static final String AUTHZ = "authorization.k8s.io";
  private static final String AUTOSCALING = "autoscaling";
  private static final String BATCH = "batch";
  private static final String CERTS = "certificates.k8s.io";
  private static final String COORDINATION = "coordination.k8s.io";
  private static final String DISCOVERY = "discovery.k8s.io";
  private static final String EXTENSIONS = "extensions";
  private static final String POLICY = "policy";
  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final String STORAGE = "storage.k8s.io";
  private static final String NETWORKING = "networking.k8s.io";
  private static final String EVENTS = "events.k8s.io";

  /** A bootstrap ClusterRole: rules, or an aggregation rule (label selectors) and the labels it carries. */
  public record ClusterRoleSpec(String name, List<PolicyRule> rules, List<Map<String, String>> aggregateFrom,
      Map<String, String> labels) {}

  /**
   * A bootstrap ClusterRoleBinding of the ClusterRole of the same name.
   *
   * @param serviceAccounts {@code namespace:name} of each ServiceAccount subject
   */
  public record BindingSpec(String name, String role, List<String> users, List<String> groups,
      List<String> serviceAccounts) {
    public BindingSpec(String name, String role, List<String> users, List<String> groups) {
      this(name, role, users, groups, List.of());
    }
  }

  static PolicyRule rule(List<String> verbs, String group, String... resources) {
    return PolicyRule.resources(verbs, List.of(group), List.of(resources));
  }

  static PolicyRule rule(String verb, String group, String... resources) {
    return rule(List.of(verb), group, resources);
  }

  private static PolicyRule eventsRule() {
    return PolicyRule.resources(List.of("create", "update", "patch"), List.of(CORE, EVENTS), List.of("events"));
  }

  public static List<ClusterRoleSpec> clusterRoles() {
    List<ClusterRoleSpec> roles = new ArrayList<>();
    roles.add(role("cluster-admin", List.of(
        PolicyRule.resources(List.of("*"), List.of("*"), List.of("*")),
        PolicyRule.urls(List.of("*"), List.of("*")))));
    roles.add(role("system:discovery", List.of(PolicyRule.urls(List.of("get"), List.of(
        "/livez", "/readyz", "/healthz", "/version", "/version/", "/openapi", "/openapi/*",
        "/api", "/api/*", "/apis", "/apis/*")))));
    roles.add(role("system:basic-user", List.of(
        rule("create", AUTHZ, "selfsubjectaccessreviews", "selfsubjectrulesreviews"),
        rule("create", AUTHN, "selfsubjectreviews"))));
    roles.add(role("system:public-info-viewer", List.of(PolicyRule.urls(List.of("get"), List.of(
        "/livez", "/readyz", "/healthz", "/version", "/version/")))));
    roles.add(aggregated("admin", Map.of(), AGGREGATE_TO_ADMIN));
    roles.add(aggregated("edit", Map.of(AGGREGATE_TO_ADMIN, "true"), AGGREGATE_TO_EDIT));
    roles.add(aggregated("view", Map.of(AGGREGATE_TO_EDIT, "true"), AGGREGATE_TO_VIEW));
    roles.add(new ClusterRoleSpec("system:aggregate-to-admin", List.of(
        rule("create", AUTHZ, "localsubjectaccessreviews"),
        rule(READ_WRITE, RBAC, "roles", "rolebindings")), List.of(), Map.of(AGGREGATE_TO_ADMIN, "true")));
    roles.add(new ClusterRoleSpec("system:aggregate-to-edit", List.of(
        rule(READ, CORE, "pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"),
        rule("impersonate", CORE, "serviceaccounts"),
        rule(WRITE, CORE, "pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"),
        rule("create", CORE, "pods/eviction"),
        rule(WRITE, CORE, "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
            "services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"),
        rule("create", CORE, "serviceaccounts/token"),
        rule(WRITE, APPS, "statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale",
            "deployments/rollback", "replicasets", "replicasets/scale"),
        rule(WRITE, AUTOSCALING, "horizontalpodautoscalers"),
        rule(WRITE, BATCH, "jobs", "cronjobs"),
        rule(WRITE, EXTENSIONS, "daemonsets", "deployments", "deployments/scale", "deployments/rollback",
            "ingresses", "replicasets", "replicasets/scale", "replicationcontrollers/scale", "networkpolicies"),
        rule(WRITE, POLICY, "poddisruptionbudgets"),
        rule(WRITE, NETWORKING, "networkpolicies", "ingresses")), List.of(), Map.of(AGGREGATE_TO_EDIT, "true")));
    roles.add(new ClusterRoleSpec("system:aggregate-to-view", List.of(
        rule(READ, CORE, "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
            "services", "services/status", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status",
            "configmaps"),
        rule(READ, CORE, "limitranges", "resourcequotas", "bindings", "events", "pods/status",
            "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log"),
        rule(READ, CORE, "namespaces"),
        rule(READ, DISCOVERY, "endpointslices"),
        rule(READ, APPS, "controllerrevisions", "statefulsets", "statefulsets/status", "statefulsets/scale",
            "daemonsets", "daemonsets/status", "deployments", "deployments/status", "deployments/scale",
            "replicasets", "replicasets/status", "replicasets/scale"),
        rule(READ, AUTOSCALING, "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
        rule(READ, BATCH, "jobs", "cronjobs", "cronjobs/status", "jobs/status"),
        rule(READ, EXTENSIONS, "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
            "deployments/status", "ingresses", "ingresses/status", "replicasets", "replicasets/scale",
            "replicasets/status", "replicationcontrollers/scale", "networkpolicies"),
        rule(READ, POLICY, "poddisruptionbudgets", "poddisruptionbudgets/status"),
        rule(READ, NETWORKING, "networkpolicies", "ingresses", "ingresses/status")), List.of(), Map.of(AGGREGATE_TO_VIEW, "true")));
    roles.add(role("system:node", nodeRules()));
    roles.add(role("system:node-proxier", List.of(
        rule(List.of("list", "watch"), CORE, "services", "endpoints"),
        rule(READ, CORE, "nodes"),
        eventsRule(),
        rule(List.of("list", "watch"), DISCOVERY, "endpointslices"))));
    roles.add(role("system:node-bootstrapper", List.of(
        rule(List.of("create", "get", "list", "watch"), CERTS, "certificatesigningrequests"))));
    roles.add(role("system:auth-delegator", List.of(
        rule("create", AUTHN, "tokenreviews"),
        rule("create", AUTHZ, "subjectaccessreviews"))));
    roles.add(role("system:kube-controller-manager", List.of(
        eventsRule(),
        rule("create", COORDINATION, "leases"),
        rule(List.of("get", "update"), COORDINATION, "leases").names("kube-controller-manager"),
        rule("create", CORE, "secrets", "serviceaccounts"),
        rule("delete", CORE, "secrets"),
        rule("get", CORE, "namespaces", "secrets", "serviceaccounts", "configmaps"),
        rule("update", CORE, "secrets", "serviceaccounts"),
        rule("create", AUTHN, "tokenreviews"),
        rule("create", AUTHZ, "subjectaccessreviews"),
        PolicyRule.resources(List.of("list", "watch"), List.of("*"), List.of("*")),
        rule("create", CORE, "serviceaccounts/token"))));
    roles.add(role("system:kube-scheduler", List.of(
        eventsRule(),
        rule("create", COORDINATION, "leases"),
        rule(List.of("get", "update"), COORDINATION, "leases").names("kube-scheduler"),
        rule(READ, CORE, "nodes"),
        rule(List.of("get", "list", "watch", "delete"), CORE, "pods"),
        rule("create", CORE, "pods/binding", "bindings"),
        rule(List.of("patch", "update"), CORE, "pods/status"),
        rule(READ, CORE, "services", "replicationcontrollers"),
        PolicyRule.resources(READ, List.of(APPS, EXTENSIONS), List.of("replicasets")),
        rule(READ, APPS, "statefulsets"),
        rule(READ, POLICY, "poddisruptionbudgets"),
        rule(READ, CORE, "persistentvolumeclaims", "persistentvolumes"),
        rule("create", AUTHN, "tokenreviews"),
        rule("create", AUTHZ, "subjectaccessreviews"),
        rule(READ, STORAGE, "csinodes", "csidrivers", "csistoragecapacities"),
        rule(READ, CORE, "namespaces"))));
    // Capstan's own additions for its components, beside the Kubernetes roles they also hold.
    // The scheduler resolves priorityClassName itself (the apiserver has no Priority admission yet).
    roles.add(role("system:capstan:scheduler", List.of(rule(READ, "scheduling.k8s.io", "priorityclasses"))));
    // The auth service approves node client CSRs after a SubjectAccessReview, signs approved CSRs
    // (Kubernetes' certificate-controller rights) and serves review webhooks.
    roles.add(role("system:capstan:auth", List.of(
        rule(READ, CERTS, "certificatesigningrequests"),
        rule("update", CERTS, "certificatesigningrequests/approval", "certificatesigningrequests/status"),
        rule("approve", CERTS, "signers").names("kubernetes.io/kube-apiserver-client-kubelet"),
        rule("sign", CERTS, "signers").names("kubernetes.io/kube-apiserver-client",
            "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"),
        rule("create", AUTHN, "tokenreviews"),
        rule("create", AUTHZ, "subjectaccessreviews"))));
    // Cluster DNS reads only what it names: Kubernetes' system:coredns without endpoints, pods and
    // namespaces, since Capstan's DNS answers from EndpointSlices and pod names from the name itself.
    roles.add(role("system:capstan:dns", List.of(
        rule(List.of("list", "watch"), CORE, "services"),
        rule(List.of("list", "watch"), DISCOVERY, "endpointslices"))));
    // What the CSR approver asks before approving a node's client certificate (Kubernetes' names).
    roles.add(role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", List.of(
        rule("create", CERTS, "certificatesigningrequests/nodeclient"))));
    roles.add(role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", List.of(
        rule("create", CERTS, "certificatesigningrequests/selfnodeclient"))));
    roles.add(role("system:certificates.k8s.io:kube-apiserver-client-approver", List.of(
        rule("approve", CERTS, "signers").names("kubernetes.io/kube-apiserver-client"))));
    roles.add(role("system:certificates.k8s.io:kubelet-serving-approver", List.of(
        rule("approve", CERTS, "signers").names("kubernetes.io/kubelet-serving"))));
    roles.addAll(ControllerRoles.roles());
    return roles;
  }

  public static List<PolicyRule> nodeRules() {
    return List.of(
        rule("create", AUTHN, "tokenreviews"),
        rule("create", AUTHZ, "subjectaccessreviews", "localsubjectaccessreviews"),
        rule(READ, CORE, "services"),
        rule(List.of("create", "get", "list", "watch"), CORE, "nodes"),
        rule(List.of("update", "patch"), CORE, "nodes/status"),
        rule(List.of("update", "patch"), CORE, "nodes"),
        rule(List.of("create", "update", "patch"), CORE, "events"),
        rule(READ, CORE, "pods"),
        rule(List.of("create", "delete"), CORE, "pods"),
        rule(List.of("update", "patch"), CORE, "pods/status"),
        rule("create", CORE, "pods/eviction"),
        rule(READ, CORE, "configmaps", "secrets"),
        rule("get", CORE, "persistentvolumeclaims", "persistentvolumes"),
        rule("get", CORE, "endpoints"),
        rule(List.of("create", "get", "list", "watch"), CERTS, "certificatesigningrequests"),
        rule(List.of("get", "create", "update", "patch", "delete"), COORDINATION, "leases"),
        rule("get", STORAGE, "volumeattachments"),
        rule(List.of("get", "update", "patch"), CORE, "persistentvolumeclaims/status"),
        rule("create", CORE, "serviceaccounts/token"),
        rule(READ, STORAGE, "csidrivers"),
        rule(List.of("get", "create", "update", "patch", "delete"), STORAGE, "csinodes"),
        rule(READ, "node.k8s.io", "runtimeclasses"));
  }

  public static List<BindingSpec> clusterRoleBindings() {
    List<BindingSpec> bindings = new ArrayList<>(List.of(
        new BindingSpec("cluster-admin", "cluster-admin", List.of(), List.of("system:masters")),
        new BindingSpec("system:discovery", "system:discovery", List.of(), List.of("system:authenticated")),
        new BindingSpec("system:basic-user", "system:basic-user", List.of(), List.of("system:authenticated")),
        new BindingSpec("system:public-info-viewer", "system:public-info-viewer", List.of(),
            List.of("system:authenticated", "system:unauthenticated")),
        new BindingSpec("system:node-proxier", "system:node-proxier", List.of("system:kube-proxy"), List.of()),
        new BindingSpec("system:kube-controller-manager", "system:kube-controller-manager",
            List.of("system:kube-controller-manager"), List.of()),
        // Kubernetes leaves system:node bound to nobody: the Node authorizer grants its rules to node identities.
        new BindingSpec("system:kube-scheduler", "system:kube-scheduler", List.of("system:kube-scheduler"), List.of()),
        new BindingSpec("system:capstan:scheduler", "system:capstan:scheduler", List.of("system:kube-scheduler"), List.of()),
        new BindingSpec("system:capstan:auth", "system:capstan:auth", List.of("system:capstan:auth"), List.of()),
        new BindingSpec("system:capstan:dns", "system:capstan:dns", List.of("system:capstan:dns"), List.of()),
        // As kubeadm binds them: bootstrap tokens may request node client certificates, nodes may renew theirs.
        new BindingSpec("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
            "system:certificates.k8s.io:certificatesigningrequests:nodeclient", List.of(), List.of("system:bootstrappers")),
        new BindingSpec("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
            "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", List.of(), List.of("system:nodes")),
        // Joining nodes submit CSRs with their bootstrap token.
        new BindingSpec("system:node-bootstrapper", "system:node-bootstrapper", List.of(), List.of("system:bootstrappers"))));
    bindings.addAll(ControllerRoles.bindings());
    return bindings;
  }

  private static ClusterRoleSpec role(String name, List<PolicyRule> rules) {
    return new ClusterRoleSpec(name, rules, List.of(), Map.of());
  }

  private static ClusterRoleSpec aggregated(String name, Map<String, String> labels, String selectorLabel) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(selectorLabel, "true");
    return new ClusterRoleSpec(name, List.of(), List.of(selector), labels);
  }
}
