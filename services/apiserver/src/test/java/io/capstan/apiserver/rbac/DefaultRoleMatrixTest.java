package io.capstan.apiserver.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.authz.node.FakePodStore;
import io.capstan.apiserver.authz.node.NodeAuthorizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default roles against Kubernetes' documented decisions
 * (kubernetes.io/docs/reference/access-authn-authz/rbac, "User-facing roles" and "Core component
 * roles"). view, edit and admin are granted with a RoleBinding in team-a, cluster-admin with a
 * ClusterRoleBinding; the core component roles through their default bindings.
 */
class DefaultRoleMatrixTest {
  private static final PolicyFixture POLICY = PolicyFixture.bootstrap();
  /** kube-apiserver's default chain: the Node authorizer (node n1 runs a pod using secret s1), then RBAC. */
  private static final AuthorizerChain CHAIN = new AuthorizerChain(List.of(
      new NodeAuthorizer(new FakePodStore().add("""
          {"metadata":{"namespace":"team-a","name":"p1"},"spec":{"nodeName":"n1",
           "volumes":[{"name":"s","secret":{"secretName":"s1"}}],"containers":[{"name":"c"}]}}"""),
          BootstrapPolicy.nodeRules()),
      POLICY.authorizer));
  private static final Map<String, UserInfo> USERS = Map.ofEntries(
      Map.entry("view", PolicyFixture.user("viewer")),
      Map.entry("edit", PolicyFixture.user("editor")),
      Map.entry("admin", PolicyFixture.user("nsadmin")),
      Map.entry("cluster-admin", PolicyFixture.user("root")),
      Map.entry("authenticated", PolicyFixture.user("someone")),
      Map.entry("unauthenticated", new UserInfo(UserInfo.ANONYMOUS, "", List.of(UserInfo.UNAUTHENTICATED))),
      Map.entry("system:node", new UserInfo("system:node:n1", "", List.of("system:nodes", UserInfo.AUTHENTICATED))),
      Map.entry("system:kube-scheduler", PolicyFixture.user("system:kube-scheduler")),
      Map.entry("system:kube-controller-manager", PolicyFixture.user("system:kube-controller-manager")),
      Map.entry("system:node-proxier", PolicyFixture.user("system:kube-proxy")),
      Map.entry("system:capstan:dns", PolicyFixture.user("system:capstan:dns")));

  static {
    POLICY.roleBinding("team-a", "v", "ClusterRole", "view", "User", "viewer");
    POLICY.roleBinding("team-a", "e", "ClusterRole", "edit", "User", "editor");
    POLICY.roleBinding("team-a", "a", "ClusterRole", "admin", "User", "nsadmin");
    POLICY.clusterRoleBinding("root", "cluster-admin", "User", "root");
  }

  @ParameterizedTest(name = "{0} {1} {2}/{3} ns={4} name={5} -> {6}")
  @CsvSource(nullValues = "-", value = {
      // view: read-only, no secrets, no RBAC, only in its namespace
      "view, get, '', pods, team-a, p1, true",
      "view, list, '', pods, team-a, -, true",
      "view, watch, apps, deployments, team-a, -, true",
      "view, get, '', pods/log, team-a, p1, true",
      "view, get, apps, deployments/scale, team-a, d1, true",
      "view, get, '', namespaces, team-a, team-a, true",
      "view, list, '', pods, team-b, -, false",
      "view, create, '', pods, team-a, -, false",
      "view, get, '', secrets, team-a, s1, false",
      "view, list, rbac.authorization.k8s.io, roles, team-a, -, false",
      "view, create, '', pods/exec, team-a, p1, false",
      "view, update, apps, deployments, team-a, d1, false",
      "view, list, '', nodes, -, -, false",
      // edit: read/write workloads and secrets, no RBAC, no quota writes
      "edit, create, '', pods, team-a, -, true",
      "edit, create, '', pods/exec, team-a, p1, true",
      "edit, get, '', secrets, team-a, s1, true",
      "edit, create, apps, deployments, team-a, -, true",
      "edit, patch, apps, deployments/scale, team-a, d1, true",
      "edit, delete, batch, jobs, team-a, j1, true",
      "edit, create, '', serviceaccounts/token, team-a, default, true",
      "edit, impersonate, '', serviceaccounts, team-a, default, true",
      "edit, get, '', resourcequotas, team-a, q, true",
      "edit, update, '', resourcequotas, team-a, q, false",
      "edit, list, rbac.authorization.k8s.io, roles, team-a, -, false",
      "edit, create, rbac.authorization.k8s.io, rolebindings, team-a, -, false",
      "edit, delete, '', namespaces, team-a, team-a, false",
      "edit, create, '', pods, team-b, -, false",
      "edit, create, '', endpoints, team-a, -, false",
      // admin: edit plus roles and bindings in the namespace
      "admin, create, rbac.authorization.k8s.io, roles, team-a, -, true",
      "admin, create, rbac.authorization.k8s.io, rolebindings, team-a, -, true",
      "admin, create, authorization.k8s.io, localsubjectaccessreviews, team-a, -, true",
      "admin, delete, '', secrets, team-a, s1, true",
      "admin, update, '', resourcequotas, team-a, q, false",
      "admin, delete, '', namespaces, team-a, team-a, false",
      "admin, create, rbac.authorization.k8s.io, clusterroles, -, -, false",
      "admin, get, '', pods, team-b, p1, false",
      // cluster-admin: everything everywhere
      "cluster-admin, delete, '', nodes, -, n1, true",
      "cluster-admin, escalate, rbac.authorization.k8s.io, clusterroles, -, x, true",
      "cluster-admin, create, example.com, widgets, team-b, -, true",
      // every authenticated user: discovery and self reviews, nothing else
      "authenticated, create, authorization.k8s.io, selfsubjectaccessreviews, -, -, true",
      "authenticated, create, authorization.k8s.io, selfsubjectrulesreviews, -, -, true",
      "authenticated, create, authentication.k8s.io, selfsubjectreviews, -, -, true",
      "authenticated, get, '', pods, default, -, false",
      "authenticated, create, authorization.k8s.io, subjectaccessreviews, -, -, false",
      // core components
      "system:node, get, '', nodes, -, n1, true",
      "system:node, patch, '', nodes/status, -, n1, true",
      "system:node, get, '', secrets, team-a, s1, true",
      "system:node, get, '', secrets, team-a, s2, false",
      "system:node, patch, '', nodes/status, -, n2, false",
      "system:node, create, coordination.k8s.io, leases, kube-node-lease, -, true",
      "system:node, delete, '', nodes, -, n1, false",
      "system:node, create, '', secrets, team-a, -, false",
      "system:kube-scheduler, create, '', pods/binding, team-a, p1, true",
      "system:kube-scheduler, update, coordination.k8s.io, leases, kube-system, kube-scheduler, true",
      "system:kube-scheduler, update, coordination.k8s.io, leases, kube-system, other, false",
      "system:kube-scheduler, create, '', pods, team-a, -, false",
      "system:kube-controller-manager, list, apps, deployments, -, -, true",
      "system:kube-controller-manager, get, coordination.k8s.io, leases, kube-system, kube-controller-manager, true",
      // The controller manager's own identity reads and mints its controllers' tokens; they do the writing.
      "system:kube-controller-manager, delete, '', pods, team-a, p1, false",
      "system:kube-controller-manager, create, '', serviceaccounts/token, kube-system, replicaset-controller, true",
      "system:kube-controller-manager, get, '', serviceaccounts, kube-system, replicaset-controller, true",
      "system:kube-controller-manager, escalate, rbac.authorization.k8s.io, clusterroles, -, admin, false",
      "system:kube-controller-manager, bind, rbac.authorization.k8s.io, clusterroles, -, admin, false",
      "system:kube-controller-manager, impersonate, '', users, -, alice, false",
      "system:kube-controller-manager, create, '', secrets, team-a, -, true",
      "system:kube-controller-manager, create, rbac.authorization.k8s.io, rolebindings, team-a, -, false",
      "system:node-proxier, watch, discovery.k8s.io, endpointslices, -, -, true",
      "system:node-proxier, create, '', services, team-a, -, false",
      // cluster DNS: list and watch services and EndpointSlices everywhere, nothing else
      "system:capstan:dns, list, '', services, -, -, true",
      "system:capstan:dns, watch, '', services, team-a, -, true",
      "system:capstan:dns, list, discovery.k8s.io, endpointslices, -, -, true",
      "system:capstan:dns, watch, discovery.k8s.io, endpointslices, -, -, true",
      "system:capstan:dns, get, '', services, team-a, web, false",
      "system:capstan:dns, update, '', services, team-a, web, false",
      "system:capstan:dns, create, discovery.k8s.io, endpointslices, team-a, -, false",
      "system:capstan:dns, list, '', pods, -, -, false",
      "system:capstan:dns, list, '', endpoints, -, -, false",
      "system:capstan:dns, get, '', secrets, team-a, s1, false",
      "system:capstan:dns, list, '', nodes, -, -, false",
  })
  void resourceDecisions(String subject, String verb, String group, String resource, String namespace, String name,
      boolean expected) {
    String sub = "";
    if (resource.contains("/")) {
      sub = resource.substring(resource.indexOf('/') + 1);
      resource = resource.substring(0, resource.indexOf('/'));
    }
    Attributes a = Attributes.resource(USERS.get(subject), verb, group, resource, sub, namespace, name);
    assertThat(CHAIN.authorize(a).allowed()).isEqualTo(expected);
  }

  /**
   * Each controller's service account (kube-system/&lt;account&gt;, role system:controller:&lt;account&gt;)
   * against the writes Capstan's controller makes, and a write it must not make.
   */
  @ParameterizedTest(name = "{0} {1} {2}/{3} -> {5}")
  @CsvSource(nullValues = "-", value = {
      "replicaset-controller, create, '', pods, team-a, true",
      "replicaset-controller, patch, '', pods, team-a, true",
      "replicaset-controller, delete, '', pods, team-a, true",
      "replicaset-controller, update, apps, replicasets/status, team-a, true",
      "replicaset-controller, create, '', events, team-a, true",
      "replicaset-controller, update, '', pods, team-a, false",
      "replicaset-controller, delete, apps, deployments, team-a, false",
      "replication-controller, create, '', pods, team-a, true",
      "replication-controller, update, '', replicationcontrollers/status, team-a, true",
      "replication-controller, create, apps, replicasets, team-a, false",
      "deployment-controller, create, apps, replicasets, team-a, true",
      "deployment-controller, update, apps, replicasets, team-a, true",
      "deployment-controller, delete, apps, replicasets, team-a, true",
      "deployment-controller, update, apps, deployments, team-a, true",
      "deployment-controller, update, apps, deployments/status, team-a, true",
      "deployment-controller, create, '', pods, team-a, false",
      "daemon-set-controller, create, '', pods, team-a, true",
      "daemon-set-controller, patch, '', pods, team-a, true",
      "daemon-set-controller, delete, '', pods, team-a, true",
      "daemon-set-controller, create, apps, controllerrevisions, team-a, true",
      "daemon-set-controller, update, apps, daemonsets/status, team-a, true",
      "daemon-set-controller, update, '', nodes, -, false",
      "statefulset-controller, create, '', pods, team-a, true",
      "statefulset-controller, update, '', pods, team-a, true",
      "statefulset-controller, create, '', persistentvolumeclaims, team-a, true",
      "statefulset-controller, create, apps, controllerrevisions, team-a, true",
      "statefulset-controller, update, apps, statefulsets/status, team-a, true",
      "statefulset-controller, delete, apps, statefulsets, team-a, false",
      "job-controller, create, '', pods, team-a, true",
      "job-controller, delete, '', pods, team-a, true",
      "job-controller, update, batch, jobs/status, team-a, true",
      "job-controller, create, batch, jobs, team-a, false",
      "cronjob-controller, create, batch, jobs, team-a, true",
      "cronjob-controller, get, batch, jobs, team-a, true",
      "cronjob-controller, delete, batch, jobs, team-a, true",
      "cronjob-controller, update, batch, cronjobs/status, team-a, true",
      "cronjob-controller, create, '', pods, team-a, false",
      "ttl-after-finished-controller, delete, batch, jobs, team-a, true",
      "ttl-after-finished-controller, delete, '', pods, team-a, false",
      "generic-garbage-collector, delete, apps, replicasets, team-a, true",
      "generic-garbage-collector, update, '', pods, team-a, true",
      "generic-garbage-collector, get, '', secrets, team-a, true",
      "generic-garbage-collector, create, '', pods, team-a, false",
      "namespace-controller, list, '', configmaps, team-a, true",
      "namespace-controller, deletecollection, apps, deployments, team-a, true",
      "namespace-controller, update, '', namespaces/finalize, -, true",
      "namespace-controller, update, '', namespaces/status, -, true",
      "namespace-controller, create, '', pods, team-a, false",
      "node-controller, update, '', nodes, -, true",
      "node-controller, update, '', nodes/status, -, true",
      "node-controller, update, '', pods/status, team-a, true",
      "node-controller, delete, '', pods, team-a, true",
      "node-controller, create, '', pods, team-a, false",
      "taint-eviction-controller, delete, '', pods, team-a, true",
      "taint-eviction-controller, patch, '', pods/status, team-a, true",
      "taint-eviction-controller, update, '', pods/status, team-a, false",
      "pod-garbage-collector, delete, '', pods, team-a, true",
      "pod-garbage-collector, get, '', nodes, -, true",
      "pod-garbage-collector, create, '', events, team-a, false",
      "service-account-controller, create, '', serviceaccounts, team-a, true",
      "service-account-controller, delete, '', serviceaccounts, team-a, false",
      "endpoint-controller, create, '', endpoints, team-a, true",
      "endpoint-controller, update, '', endpoints, team-a, true",
      "endpoint-controller, delete, '', endpoints, team-a, true",
      "endpoint-controller, create, discovery.k8s.io, endpointslices, team-a, false",
      "endpointslice-controller, create, discovery.k8s.io, endpointslices, team-a, true",
      "endpointslice-controller, update, discovery.k8s.io, endpointslices, team-a, true",
      "endpointslice-controller, delete, discovery.k8s.io, endpointslices, team-a, true",
      "endpointslice-controller, create, '', endpoints, team-a, false",
      "disruption-controller, update, policy, poddisruptionbudgets/status, team-a, true",
      "disruption-controller, get, apps, deployments/scale, team-a, true",
      "disruption-controller, delete, '', pods, team-a, false",
      "service-controller, update, '', services/status, team-a, true",
      "service-controller, update, '', services, team-a, false",
      "root-ca-cert-publisher, create, '', configmaps, team-a, true",
      "root-ca-cert-publisher, update, '', configmaps, team-a, true",
      "root-ca-cert-publisher, get, '', secrets, team-a, false",
  })
  void controllerDecisions(String account, String verb, String group, String resource, String namespace,
      boolean expected) {
    UserInfo sa = new UserInfo(UserInfo.SERVICE_ACCOUNT_PREFIX + "kube-system:" + account, "",
        List.of("system:serviceaccounts", "system:serviceaccounts:kube-system", UserInfo.AUTHENTICATED), Map.of());
    String sub = "";
    if (resource.contains("/")) {
      sub = resource.substring(resource.indexOf('/') + 1);
      resource = resource.substring(0, resource.indexOf('/'));
    }
    assertThat(CHAIN.authorize(Attributes.resource(sa, verb, group, resource, sub, namespace, "x")).allowed()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
      "authenticated, get, /api, true",
      "authenticated, get, /apis/apps/v1, true",
      "authenticated, get, /openapi/v3, true",
      "authenticated, get, /version, true",
      "authenticated, post, /api, false",
      "authenticated, get, /metrics, false",
      "unauthenticated, get, /healthz, true",
      "unauthenticated, get, /api, false",
      "cluster-admin, get, /metrics, true",
      "cluster-admin, post, /anything/at/all, true",
  })
  void nonResourceDecisions(String subject, String verb, String path, boolean expected) {
    assertThat(CHAIN.authorize(Attributes.nonResource(USERS.get(subject), verb, path)).allowed()).isEqualTo(expected);
  }
}
