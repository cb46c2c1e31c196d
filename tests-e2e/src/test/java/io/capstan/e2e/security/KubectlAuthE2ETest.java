package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC, impersonation and service-account tokens through the real kubectl: {@code auth can-i
 * --list} shows the RBAC rules, {@code --as} is authorized with the impersonate verb, escalation
 * is refused, and TokenRequest tokens work until what they are bound to is deleted.
 */
class KubectlAuthE2ETest {
  private static ApiServerProcess api;
  private static Kubectl admin;
  private static Path home;

  @BeforeAll
  static void start(@TempDir Path dir) {
    api = ApiServerProcess.shared();
    home = dir;
    admin = new Kubectl(api, dir);
  }

  private static void apply(String yaml) {
    admin.run("apply", "-f", admin.manifest(yaml).toString()).requireSuccess();
  }

  @Test
  void canIListShowsTheRulesOfTheImpersonatedUser() {
    String ns = admin.createNamespace("cani");
    String user = Kubectl.uniqueName("lee");
    apply("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader, namespace: %1$s}
        rules:
        - apiGroups: [""]
          resources: [pods, pods/log]
          verbs: [get, list]
        - apiGroups: [""]
          resources: [configmaps]
          resourceNames: [app-config]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: %1$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: %2$s}
        """.formatted(ns, user));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      KubectlResult r = admin.run("auth", "can-i", "--list", "-n", ns, "--as", user);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.stdout())
          .containsPattern("(?m)^pods/log\\s+\\[\\]\\s+\\[\\]\\s+\\[get list\\]$")
          .containsPattern("(?m)^pods\\s+\\[\\]\\s+\\[\\]\\s+\\[get list\\]$")
          .containsPattern("(?m)^configmaps\\s+\\[\\]\\s+\\[app-config\\]\\s+\\[get\\]$")
          .containsPattern("(?m)^selfsubjectaccessreviews.authorization.k8s.io\\s+\\[\\]\\s+\\[\\]\\s+\\[create\\]$")
          .containsPattern("(?m)^\\s+\\[/api/\\*\\]\\s+\\[\\]\\s+\\[get\\]$")
          .doesNotContain("secrets");
    });
    assertThat(admin.run("auth", "can-i", "get", "configmaps/app-config", "-n", ns, "--as", user).stdout()).isEqualTo("yes\n");
    assertThat(admin.run("auth", "can-i", "get", "configmaps/other", "-n", ns, "--as", user).stdout()).isEqualTo("no\n");
    KubectlResult secrets = admin.run("get", "secrets", "-n", ns, "--as", user);
    assertThat(secrets.stderr()).as(secrets.toString()).isEqualTo("Error from server (Forbidden): secrets is forbidden: User \""
        + user + "\" cannot list resource \"secrets\" in API group \"\" in the namespace \"" + ns + "\"\n");
  }

  @Test
  void anAdminOfOneNamespaceCannotGrantMoreThanItHolds() {
    String ns = admin.createNamespace("escalate");
    String user = Kubectl.uniqueName("nsadmin");
    admin.run("create", "rolebinding", "admin", "--clusterrole=admin", "--user=" + user, "-n", ns).requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(admin.run("auth", "can-i", "create", "roles", "-n", ns, "--as", user).stdout()).isEqualTo("yes\n"));

    KubectlResult ok = admin.run("create", "role", "pod-reader", "--verb=get", "--resource=pods", "-n", ns, "--as", user);
    assertThat(ok.stdout()).as(ok.toString()).isEqualTo("role.rbac.authorization.k8s.io/pod-reader created\n");
    KubectlResult role = admin.run("create", "role", "node-reader", "--verb=get", "--resource=nodes", "-n", ns, "--as", user);
    assertThat(role.exitCode()).as(role.toString()).isEqualTo(1);
    assertThat(role.stderr()).isEqualTo("Error from server (Forbidden): roles.rbac.authorization.k8s.io \"node-reader\" is forbidden: user \""
        + user + "\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
        + "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\"]}\n");
    KubectlResult bind = admin.run("create", "rolebinding", "root", "--clusterrole=cluster-admin", "--user=" + user, "-n", ns,
        "--as", user);
    assertThat(bind.exitCode()).as(bind.toString()).isEqualTo(1);
    assertThat(bind.stderr()).contains("rolebindings.rbac.authorization.k8s.io \"root\" is forbidden: user \"" + user
        + "\"").contains("is attempting to grant RBAC permissions not currently held");
    KubectlResult view = admin.run("create", "rolebinding", "viewers", "--clusterrole=view", "--group=viewers", "-n", ns,
        "--as", user);
    assertThat(view.stdout()).as(view.toString()).isEqualTo("rolebinding.rbac.authorization.k8s.io/viewers created\n");
  }

  @Test
  void serviceAccountTokensCarryTheAccountsRightsUntilRevoked() {
    String ns = admin.createNamespace("satoken");
    admin.run("create", "serviceaccount", "robot", "-n", ns).requireSuccess();
    admin.run("create", "secret", "generic", "anchor", "--from-literal=k=v", "-n", ns).requireSuccess();
    KubectlResult issued = admin.run("create", "token", "robot", "-n", ns, "--duration=20m");
    assertThat(issued.exitCode()).as(issued.toString()).isZero();
    String token = issued.stdout().trim();
    KubectlResult boundIssued = admin.run("create", "token", "robot", "-n", ns, "--bound-object-kind=Secret",
        "--bound-object-name=anchor");
    assertThat(boundIssued.exitCode()).as(boundIssued.toString()).isZero();
    Kubectl robot = new Kubectl(api, home);
    Map<String, String> asRobot = Map.of("KUBECONFIG", Identities.tokenKubeconfig(api, home, "robot", token).toString());
    Map<String, String> asBound = Map.of("KUBECONFIG",
        Identities.tokenKubeconfig(api, home, "bound", boundIssued.stdout().trim()).toString());

    KubectlResult whoami = robot.run(asRobot, "auth", "whoami");
    assertThat(whoami.stdout()).as(whoami.toString())
        .containsPattern("Username\\s+system:serviceaccount:" + ns + ":robot\n")
        .containsPattern("Groups\\s+\\[system:serviceaccounts system:serviceaccounts:" + ns + " system:authenticated\\]");
    KubectlResult denied = robot.run(asRobot, "get", "pods", "-n", ns);
    assertThat(denied.stderr()).as(denied.toString()).contains("User \"system:serviceaccount:" + ns + ":robot\" cannot list resource \"pods\"");

    admin.run("create", "rolebinding", "robot-edit", "--clusterrole=edit", "--serviceaccount=" + ns + ":robot", "-n", ns)
        .requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(robot.run(asRobot, "get", "pods", "-n", ns).exitCode()).isZero());
    // edit may impersonate service accounts of its namespace, but not users
    KubectlResult asOther = robot.run(asRobot, "get", "pods", "-n", ns, "--as", "system:serviceaccount:" + ns + ":robot");
    assertThat(asOther.exitCode()).as(asOther.toString()).isZero();
    KubectlResult asUser = robot.run(asRobot, "get", "pods", "-n", ns, "--as", "someone");
    assertThat(asUser.stderr()).as(asUser.toString()).isEqualTo("Error from server (Forbidden): users \"someone\" is forbidden: User "
        + "\"system:serviceaccount:" + ns + ":robot\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope\n");

    char last = token.charAt(token.length() - 2);
    String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    KubectlResult bad = robot.run(Map.of("KUBECONFIG", Identities.tokenKubeconfig(api, home, "bad", tampered).toString()),
        "get", "pods", "-n", ns);
    assertThat(bad.stderr()).as(bad.toString()).contains("error: You must be logged in to the server (Unauthorized)");

    assertThat(robot.run(asBound, "auth", "whoami").exitCode()).isZero();
    admin.run("delete", "secret", "anchor", "-n", ns).requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(robot.run(asBound, "auth", "whoami").stderr())
        .contains("error: You must be logged in to the server (Unauthorized)"));
    admin.run("delete", "serviceaccount", "robot", "-n", ns).requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(robot.run(asRobot, "get", "pods", "-n", ns).stderr())
        .contains("error: You must be logged in to the server (Unauthorized)"));
  }

  @Test
  void bootstrapTokensAuthenticateUntilTheyExpire() {
    String id = Kubectl.uniqueName("").substring(1, 7).replace('-', '0');
    apply("""
        apiVersion: v1
        kind: Secret
        metadata: {name: bootstrap-token-%1$s, namespace: kube-system}
        type: bootstrap.kubernetes.io/token
        stringData:
          token-id: %1$s
          token-secret: 0123456789abcdef
          usage-bootstrap-authentication: "true"
          auth-extra-groups: system:bootstrappers:worker
          expiration: "2999-01-01T00:00:00Z"
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: bootstrap-token-%2$s, namespace: kube-system}
        type: bootstrap.kubernetes.io/token
        stringData:
          token-id: %2$s
          token-secret: 0123456789abcdef
          usage-bootstrap-authentication: "true"
          expiration: "2020-01-01T00:00:00Z"
        """.formatted(id, "x" + id.substring(1)));
    Kubectl node = new Kubectl(api, home);
    Map<String, String> valid = Map.of("KUBECONFIG",
        Identities.tokenKubeconfig(api, home, "boot", id + ".0123456789abcdef").toString());
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      KubectlResult r = node.run(valid, "auth", "whoami");
      assertThat(r.stdout()).as(r.toString()).containsPattern("Username\\s+system:bootstrap:" + id + "\n")
          .containsPattern("Groups\\s+\\[system:bootstrappers system:bootstrappers:worker system:authenticated\\]");
    });
    for (String token : new String[] {"x" + id.substring(1) + ".0123456789abcdef", id + ".0123456789abcdee",
        "zzzzzz.0123456789abcdef", "not-a-known-token"}) {
      KubectlResult r = node.run(Map.of("KUBECONFIG", Identities.tokenKubeconfig(api, home, "t", token).toString()),
          "auth", "whoami");
      assertThat(r.stderr()).as(token + ": " + r).contains("error: You must be logged in to the server (Unauthorized)");
    }
  }

  @Test
  void subjectAccessAndTokenReviewsAnswerForOthers() {
    String ns = admin.createNamespace("reviews");
    admin.run("create", "rolebinding", "v", "--clusterrole=view", "--user=rita", "-n", ns).requireSuccess();
    Path sar = admin.manifest("""
        apiVersion: authorization.k8s.io/v1
        kind: SubjectAccessReview
        spec:
          user: rita
          groups: [system:authenticated]
          resourceAttributes: {namespace: %s, verb: list, resource: pods}
        """.formatted(ns));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      KubectlResult r = admin.run("create", "-f", sar.toString(), "-o", "jsonpath={.status.allowed}");
      assertThat(r.stdout()).as(r.toString()).isEqualTo("true");
    });
    Path lsar = admin.manifest("""
        apiVersion: authorization.k8s.io/v1
        kind: LocalSubjectAccessReview
        metadata: {namespace: %s}
        spec:
          user: rita
          resourceAttributes: {namespace: %s, verb: delete, resource: pods}
        """.formatted(ns, ns));
    KubectlResult local = admin.run("create", "-f", lsar.toString(), "-o", "jsonpath={.status.allowed}");
    assertThat(local.stdout()).as(local.toString()).isEqualTo("false");
    Path mismatched = admin.manifest("""
        apiVersion: authorization.k8s.io/v1
        kind: LocalSubjectAccessReview
        metadata: {namespace: %s}
        spec:
          user: rita
          resourceAttributes: {namespace: default, verb: get, resource: pods}
        """.formatted(ns));
    KubectlResult invalid = admin.run("create", "-f", mismatched.toString());
    assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
    assertThat(invalid.stderr()).contains("spec.resourceAttributes.namespace").contains("must match metadata.namespace");

    admin.run("create", "serviceaccount", "reviewed", "-n", ns).requireSuccess();
    String token = admin.run("create", "token", "reviewed", "-n", ns).requireSuccess().stdout().trim();
    Path tr = admin.manifest("""
        apiVersion: authentication.k8s.io/v1
        kind: TokenReview
        spec: {token: %s}
        """.formatted(token));
    KubectlResult review = admin.run("create", "-f", tr.toString(), "-o", "jsonpath={.status.authenticated} {.status.user.username}");
    assertThat(review.stdout()).as(review.toString()).isEqualTo("true system:serviceaccount:" + ns + ":reviewed");
    Path badTr = admin.manifest("""
        apiVersion: authentication.k8s.io/v1
        kind: TokenReview
        spec: {token: not-a-token}
        """);
    KubectlResult bad = admin.run("create", "-f", badTr.toString(), "-o", "jsonpath={.status.authenticated}");
    assertThat(bad.stdout()).as(bad.toString()).isEqualTo("false");
  }
}
