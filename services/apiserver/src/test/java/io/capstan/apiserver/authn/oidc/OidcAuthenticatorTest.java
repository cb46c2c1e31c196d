package io.capstan.apiserver.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.security.oidc.IssuerKeys;
import io.capstan.security.oidc.OidcSettings;
import io.capstan.security.oidc.OidcTokenVerifier;
import io.capstan.testing.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chain's view of OIDC: ours → a user, another issuer's → next authenticator, a bad one of ours → 401. */
class OidcAuthenticatorTest {
  private final OidcIssuer issuer = new OidcIssuer();
  private final OidcSettings settings = new OidcSettings(issuer.url(), "capstan", "email", null, "groups", "oidc:", null);
  private final OidcAuthenticator authn = new OidcAuthenticator(new OidcTokenVerifier(settings,
      new IssuerKeys(URI.create(issuer.url()), HttpClient.newHttpClient()), Clock.systemUTC()));

  @AfterEach
  void stop() {
    issuer.close();
  }

  @Test
  void mapsTheVerifiedIdentityToAUser() {
    UserInfo u = authn.authenticate(issuer.idToken("u-1", "capstan", Map.of("email", "jane@example.com",
        "groups", List.of("dev")))).orElseThrow();
    assertThat(u.name()).isEqualTo("jane@example.com");
    assertThat(u.groups()).containsExactly("oidc:dev");
  }

  @Test
  void leavesOtherTokensToTheNextAuthenticatorAndRejectsBadOnesOfOurs() {
    assertThat(authn.authenticate("not-a-jwt")).isEmpty();
    assertThatThrownBy(() -> authn.authenticate(issuer.forgedToken("u", "capstan")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("signature");
  }
}
