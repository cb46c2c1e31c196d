package io.capstan.apiserver.authz.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.rbac.BootstrapPolicy;
import io.capstan.apiserver.security.UserInfo;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Node n1 reaches what its pods use and its own objects; not another node's. */
class NodeAuthorizerTest {
  private static final FakePodStore PODS = new FakePodStore()
      .add("""
          {"metadata":{"namespace":"team-a","name":"web"},"spec":{"nodeName":"n1","serviceAccountName":"web-sa",
           "imagePullSecrets":[{"name":"pull"}],
           "volumes":[{"name":"c","configMap":{"name":"web-config"}},{"name":"d","persistentVolumeClaim":{"claimName":"data"}},
                      {"name":"p","projected":{"sources":[{"secret":{"name":"projected-secret"}}]}}],
           "containers":[{"name":"app","env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"env-secret","key":"k"}}}],
                          "envFrom":[{"configMapRef":{"name":"env-config"}}]}]}}""")
      .add("""
          {"metadata":{"namespace":"team-a","name":"db"},"spec":{"nodeName":"n2",
           "volumes":[{"name":"s","secret":{"secretName":"db-secret"}}],"containers":[{"name":"db"}]}}""");
  private static final NodeAuthorizer NODE = new NodeAuthorizer(PODS, BootstrapPolicy.nodeRules());
  private static final UserInfo N1 = new UserInfo("system:node:n1", "", List.of("system:nodes", UserInfo.AUTHENTICATED));

  @ParameterizedTest(name = "n1 {0} {1}/{2} ns={3} name={4} -> {5}")
  @CsvSource(nullValues = "-", value = {
      "get, '', secrets, team-a, env-secret, ALLOW",
      "get, '', secrets, team-a, pull, ALLOW",
      "get, '', secrets, team-a, projected-secret, ALLOW",
      "get, '', secrets, team-a, db-secret, NO_OPINION",
      "list, '', secrets, team-a, -, NO_OPINION",
      "list, '', secrets, team-a, env-secret, ALLOW",
      "watch, '', secrets, team-a, env-secret, ALLOW",
      "watch, '', secrets, team-a, -, NO_OPINION",
      "watch, '', secrets, team-a, db-secret, NO_OPINION",
      "update, '', secrets, team-a, env-secret, NO_OPINION",
      "get, '', configmaps, team-a, web-config, ALLOW",
      "get, '', configmaps, team-a, env-config, ALLOW",
      "get, '', configmaps, team-b, web-config, NO_OPINION",
      "list, '', configmaps, team-a, web-config, ALLOW",
      "watch, '', configmaps, team-a, env-config, ALLOW",
      "watch, '', configmaps, team-b, web-config, NO_OPINION",
      "watch, '', configmaps, -, web-config, NO_OPINION",
      "watch, '', configmaps, team-a, -, NO_OPINION",
      "delete, '', configmaps, team-a, web-config, NO_OPINION",
      "watch, '', persistentvolumeclaims, team-a, data, NO_OPINION",
      "list, '', serviceaccounts, team-a, web-sa, NO_OPINION",
      "get, '', persistentvolumeclaims, team-a, data, ALLOW",
      "get, '', serviceaccounts, team-a, web-sa, ALLOW",
      "create, '', serviceaccounts/token, team-a, web-sa, ALLOW",
      "create, '', serviceaccounts/token, team-a, default, NO_OPINION",
      "get, '', nodes, -, n2, ALLOW",
      "patch, '', nodes/status, -, n1, ALLOW",
      "patch, '', nodes/status, -, n2, DENY",
      "update, coordination.k8s.io, leases, kube-node-lease, n1, ALLOW",
      "update, coordination.k8s.io, leases, kube-node-lease, n2, DENY",
      "list, '', pods, -, -, ALLOW",
      "patch, '', pods/status, team-a, web, ALLOW",
      "patch, '', pods/status, team-a, db, DENY",
      "delete, '', pods, team-a, db, DENY",
      "create, '', events, team-a, -, ALLOW",
      "create, '', secrets, team-a, -, NO_OPINION",
      "list, apps, deployments, -, -, NO_OPINION",
  })
  void decisions(String verb, String group, String resource, String namespace, String name, Decision.Kind expected) {
    String sub = "";
    if (resource.contains("/")) {
      sub = resource.substring(resource.indexOf('/') + 1);
      resource = resource.substring(0, resource.indexOf('/'));
    }
    assertThat(NODE.authorize(Attributes.resource(N1, verb, group, resource, sub, namespace, name)).kind()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is not a node identity")
  @CsvSource({"system:node:n1, dev", "alice, system:nodes", "system:node:, system:nodes"})
  void otherUsersGetNoOpinion(String user, String group) {
    UserInfo u = new UserInfo(user, "", List.of(group));
    assertThat(NODE.authorize(Attributes.resource(u, "get", "", "secrets", "", "team-a", "env-secret")).kind())
        .isEqualTo(Decision.Kind.NO_OPINION);
  }
}
