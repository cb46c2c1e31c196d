package io.capstan.e2e.security;

import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.OidcIssuer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second API server for the suite with the authentication and authorization features the shared
 * one leaves off: OIDC against a loopback {@link OidcIssuer}, the TokenReview and SubjectAccessReview
 * webhooks of {@link ReviewWebhooks}, an ABAC policy file, and the authorization chain
 * {@code Node,RBAC,ABAC,Webhook}. Started once, on first use, and
 * stopped when the JVM exits.
 */
final class SecuredApiServer {
  static final String OIDC_CLIENT_ID = "capstan-kubectl";
  static final String OIDC_GROUPS_PREFIX = "oidc:";

  private static SecuredApiServer shared;

  /** The ABAC policy: user abac-reader may read pods everywhere. */
  static final String ABAC_POLICY = """
      {"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "abac-reader", "namespace": "*", "resource": "pods", "apiGroup": "", "readonly": true}}
      """;

  final ApiServerProcess api;
  final OidcIssuer issuer;
  final ReviewWebhooks webhooks;

  private SecuredApiServer(Path home) {
    issuer = new OidcIssuer();
    webhooks = new ReviewWebhooks();
    api = ApiServerProcess.startConfigured(home, pki -> {
      List<String> args = new ArrayList<>();
      Path policy;
      try {
        policy = java.nio.file.Files.writeString(home.resolve("abac-policy.jsonl"), ABAC_POLICY);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      args.add("--capstan.authorization.modes=Node,RBAC,ABAC,Webhook");
      args.add("--capstan.authorization.policy-file=" + policy);
      args.add("--capstan.authorization.webhook.config-file=" + webhooks.kubeconfig(home, "/authorize"));
      args.add("--capstan.authn.webhook.config-file=" + webhooks.kubeconfig(home, "/tokenreview"));
      args.add("--capstan.authn.oidc.issuer-url=" + issuer.url());
      args.add("--capstan.authn.oidc.client-id=" + OIDC_CLIENT_ID);
      args.add("--capstan.authn.oidc.username-claim=email");
      args.add("--capstan.authn.oidc.groups-claim=groups");
      args.add("--capstan.authn.oidc.groups-prefix=" + OIDC_GROUPS_PREFIX);
      return args;
    });
  }

  static synchronized SecuredApiServer shared() {
    if (shared == null) {
      shared = new SecuredApiServer(Path.of("target").toAbsolutePath().resolve("secured-" + ProcessHandle.current().pid()));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shared.api.close();
        shared.issuer.close();
        shared.webhooks.close();
      }, "secured-apiserver-stop"));
    }
    return shared;
  }
}
