package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC ID tokens through the real kubectl ({@code --token}): the email claim is the user and the
 * prefixed groups claim the groups; RBAC bindings on those groups apply; tokens for another client,
 * expired ones and forged ones are 401; after the issuer rotates its key, new tokens still work.
 */
class OidcE2ETest {
  private static SecuredApiServer cluster;
  private static Kubectl admin;

  @BeforeAll
  static void start(@TempDir Path dir) {
    cluster = SecuredApiServer.shared();
    admin = new Kubectl(cluster.api, dir);
  }

  private static KubectlResult asToken(String token, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--token=" + token;
    // The admin kubeconfig's client certificate would win over the token: use a token-only user.
    all[1] = "--kubeconfig=" + Identities.tokenKubeconfig(cluster.api, Path.of("target", "oidc-kubeconfigs").toAbsolutePath(),
        "oidc-user", "placeholder");
    System.arraycopy(args, 0, all, 2, args.length);
    return admin.run(all);
  }

  @Test
  void idTokenNamesTheUserAndGroupsAndRbacApplies() {
    String ns = admin.createNamespace("oidc");
    String email = Kubectl.uniqueName("jane") + "@example.com";
    String token = cluster.issuer.idToken("sub-jane", SecuredApiServer.OIDC_CLIENT_ID,
        Map.of("email", email, "email_verified", true, "groups", List.of("dev")));

    KubectlResult whoami = asToken(token, "auth", "whoami");
    assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
    assertThat(whoami.stdout()).containsPattern("Username\\s+" + email.replace(".", "\\."))
        .contains("[oidc:dev system:authenticated]");

    KubectlResult denied = asToken(token, "get", "pods", "-n", ns);
    assertThat(denied.stderr()).contains("User \"" + email + "\" cannot list resource \"pods\"");

    admin.run("create", "rolebinding", "dev-view", "--clusterrole=view", "--group=oidc:dev", "-n", ns).requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(asToken(token, "get", "pods", "-n", ns).exitCode()).isZero());
  }

  @Test
  void wrongAudienceExpiredAndForgedTokensAreUnauthorized() {
    Map<String, Object> claims = Map.of("email", "mallory@example.com");
    for (String token : List.of(
        cluster.issuer.idToken("m", "another-client", claims),
        cluster.issuer.sign("m", cluster.issuer.url(), SecuredApiServer.OIDC_CLIENT_ID, Instant.now().minusSeconds(30), claims),
        cluster.issuer.forgedToken("m", SecuredApiServer.OIDC_CLIENT_ID))) {
      KubectlResult r = asToken(token, "auth", "whoami");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("Unauthorized");
    }
  }

  @Test
  void tokensSignedWithARotatedKeyAreAccepted() {
    cluster.issuer.rotate();
    String email = Kubectl.uniqueName("rot") + "@example.com";
    KubectlResult r = asToken(cluster.issuer.idToken("r", SecuredApiServer.OIDC_CLIENT_ID, Map.of("email", email)),
        "auth", "whoami");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains(email);
  }
}
