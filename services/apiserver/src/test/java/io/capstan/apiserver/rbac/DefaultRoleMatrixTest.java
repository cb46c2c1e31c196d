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
      // Kubernetes' own role would refuse this; Capstan's controller manager runs every controller under one
      // identity and so also holds system:capstan:controller-manager (the controllers' roles' union).
      "system:kube-controller-manager, delete, '', pods, team-a, p1, true",
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
