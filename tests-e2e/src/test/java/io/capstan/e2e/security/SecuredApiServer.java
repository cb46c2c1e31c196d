package io.capstan.e2e.security;

import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.OidcIssuer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second API server for the suite with the authentication and authorization features the shared
 * one leaves off: OIDC against a loopback {@link OidcIssuer}. Started once, on first use, and
 * stopped when the JVM exits.
 */
final class SecuredApiServer {
  static final String OIDC_CLIENT_ID = "capstan-kubectl";
  static final String OIDC_GROUPS_PREFIX = "oidc:";

  private static SecuredApiServer shared;

  final ApiServerProcess api;
  final OidcIssuer issuer;

  private SecuredApiServer(Path home) {
    issuer = new OidcIssuer();
    api = ApiServerProcess.startConfigured(home, pki -> {
      List<String> args = new ArrayList<>();
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
      }, "secured-apiserver-stop"));
    }
    return shared;
  }
}
