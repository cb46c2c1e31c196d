package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain Node,RBAC,ABAC,Webhook through the real kubectl: a token only the TokenReview webhook
 * knows authenticates (and its answer is cached), the SubjectAccessReview webhook allows and
 * explicitly denies, the ABAC policy file grants what RBAC does not, and RBAC still comes first.
 */
class WebhookAndAbacE2ETest {
  private static SecuredApiServer cluster;
  private static Kubectl admin;
  private static Path dir;

  @BeforeAll
  static void start(@TempDir Path tmp) {
    cluster = SecuredApiServer.shared();
    admin = new Kubectl(cluster.api, tmp);
    dir = tmp;
  }

  private static KubectlResult as(String user, String token, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--kubeconfig=" + Identities.tokenKubeconfig(cluster.api, dir, user, token);
    System.arraycopy(args, 0, all, 1, args.length);
    return admin.run(all);
  }

  @Test
  void webhookTokenAuthenticatesAndIsCached() {
    KubectlResult whoami = as("wh", ReviewWebhooks.TOKEN, "auth", "whoami");
    assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
    assertThat(whoami.stdout()).contains(ReviewWebhooks.USER).contains("[" + ReviewWebhooks.GROUP + " system:authenticated]");
    // Counted from after the first request: whether that one reached the webhook depends on
    // whether another test of this class sent the token first (the cache holds it 2 minutes).
    int before = cluster.webhooks.tokenReviews.get();
    assertThat(as("wh", ReviewWebhooks.TOKEN, "auth", "whoami").exitCode()).isZero();
    assertThat(cluster.webhooks.tokenReviews.get() - before).as("the second request is answered from the cache").isZero();

    KubectlResult unknown = as("nobody", "some-unknown-token", "auth", "whoami");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.stderr()).contains("Unauthorized");
  }

  @Test
  void webhookAuthorizerAllowsAndDenies() {
    String ns = admin.createNamespace("webhook");
    admin.run("create", "configmap", "settings", "--from-literal=a=b", "-n", ns).requireSuccess();
    admin.run("create", "secret", "generic", "creds", "--from-literal=a=b", "-n", ns).requireSuccess();

    assertThat(as("wh", ReviewWebhooks.TOKEN, "get", "configmap", "settings", "-n", ns).exitCode()).isZero();
    KubectlResult secret = as("wh", ReviewWebhooks.TOKEN, "get", "secret", "creds", "-n", ns);
    assertThat(secret.stderr()).contains("(Forbidden)").contains("the enterprise policy forbids secrets");
    KubectlResult pods = as("wh", ReviewWebhooks.TOKEN, "get", "pods", "-n", ns);
    assertThat(pods.stderr()).as("no opinion from anyone is a denial").contains("(Forbidden)");

    assertThat(admin.run("auth", "can-i", "get", "configmaps", "-n", ns, "--as", ReviewWebhooks.USER).stdout()).isEqualTo("yes\n");
  }

  @Test
  void abacPolicyGrantsWhatRbacDoesNot() {
    String ns = admin.createNamespace("abac");
    assertThat(admin.run("auth", "can-i", "list", "pods", "-n", ns, "--as", "abac-reader").stdout()).isEqualTo("yes\n");
    assertThat(admin.run("auth", "can-i", "delete", "pods", "-n", ns, "--as", "abac-reader").stdout()).isEqualTo("no\n");
    assertThat(admin.run("auth", "can-i", "list", "services", "-n", ns, "--as", "abac-reader").stdout()).isEqualTo("no\n");
  }
}
