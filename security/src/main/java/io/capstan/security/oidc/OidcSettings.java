package io.capstan.security.oidc;

import java.net.URI;
import java.util.List;

/**
 * The OIDC authenticator's configuration, as kube-apiserver's {@code --oidc-*} flags:
 * {@code capstan.authn.oidc.issuer-url}, {@code .client-id}, {@code .username-claim} (default
 * {@code sub}), {@code .username-prefix}, {@code .groups-claim}, {@code .groups-prefix},
 * {@code .ca-file}.
 *
 * <p>The issuer must be https, as in Kubernetes, except on a loopback address, where plain http is
 * accepted so that a local identity provider (and the tests' issuer) needs no certificate.
 */
public record OidcSettings(String issuerUrl, String clientId, String usernameClaim, String usernamePrefix,
    String groupsClaim, String groupsPrefix, String caFile) {

  public OidcSettings {
    if (issuerUrl == null || issuerUrl.isBlank()) throw new IllegalArgumentException("oidc issuer-url is required");
    if (clientId == null || clientId.isBlank()) throw new IllegalArgumentException("oidc client-id is required");
    URI u = URI.create(issuerUrl);
    boolean loopback = List.of("127.0.0.1", "localhost", "[::1]").contains(u.getHost());
    if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
      throw new IllegalArgumentException("oidc issuer-url must use https: " + issuerUrl);
    }
    usernameClaim = blank(usernameClaim) ? "sub" : usernameClaim;
    groupsClaim = blank(groupsClaim) ? "" : groupsClaim;
    groupsPrefix = groupsPrefix == null ? "" : groupsPrefix;
    caFile = caFile == null ? "" : caFile;
  }

  /**
   * The prefix put before user names. Kubernetes' rule: "-" means none; unset means none for the
   * {@code email} claim and {@code <issuer>#} for any other claim, so that issuer-scoped subjects
   * cannot collide with other users' names.
   */
  public String effectiveUsernamePrefix() {
    if ("-".equals(usernamePrefix)) return "";
    if (!blank(usernamePrefix)) return usernamePrefix;
    return "email".equals(usernameClaim) ? "" : issuerUrl + "#";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
