package io.capstan.apiserver.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.testing.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OidcAuthenticatorTest {
  private OidcIssuer issuer;
  private OidcAuthenticator authn;

  @BeforeEach
  void start() {
    issuer = new OidcIssuer();
    authn = authenticator(new OidcSettings(issuer.url(), "capstan", "email", null, "groups", "oidc:", null));
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private OidcAuthenticator authenticator(OidcSettings s) {
    return new OidcAuthenticator(s, new IssuerKeys(URI.create(s.issuerUrl()), HttpClient.newHttpClient()), Clock.systemUTC());
  }

  @Test
  void mapsClaimsToUserAndPrefixedGroups() {
    String token = issuer.idToken("u-1", "capstan", Map.of("email", "jane@example.com", "email_verified", true,
        "groups", List.of("dev", "ops")));
    UserInfo u = authn.authenticate(token).orElseThrow();
    assertThat(u.name()).isEqualTo("jane@example.com");
    assertThat(u.groups()).containsExactly("oidc:dev", "oidc:ops");
  }

  @Test
  void subjectClaimGetsTheIssuerPrefixUnlessDisabled() {
    String token = issuer.idToken("u-1", "capstan", Map.of("groups", "dev"));
    assertThat(authenticator(new OidcSettings(issuer.url(), "capstan", null, null, "groups", null, null))
        .authenticate(token).orElseThrow().name()).isEqualTo(issuer.url() + "#u-1");
    UserInfo plain = authenticator(new OidcSettings(issuer.url(), "capstan", "sub", "-", "groups", null, null))
        .authenticate(token).orElseThrow();
    assertThat(plain.name()).isEqualTo("u-1");
    assertThat(plain.groups()).containsExactly("dev");
  }

  @Test
  void anotherIssuersTokenIsNotOurs() {
    String token = issuer.sign("u", "https://other.example", "capstan", Instant.now().plusSeconds(60), Map.of());
    assertThat(authn.authenticate(token)).isEmpty();
    assertThat(authn.authenticate("not-a-jwt")).isEmpty();
  }

  @Test
  void rejectsWrongAudienceExpiryAndForgedSignature() {
    assertThatThrownBy(() -> authn.authenticate(issuer.idToken("u", "someone-else", Map.of("email", "a@b"))))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("audience");
    assertThatThrownBy(() -> authn.authenticate(issuer.sign("u", issuer.url(), "capstan", Instant.now().minusSeconds(5),
        Map.of("email", "a@b")))).isInstanceOf(AuthenticationException.class).hasMessageContaining("expired");
    assertThatThrownBy(() -> authn.authenticate(issuer.forgedToken("u", "capstan")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("signature");
  }

  @Test
  void rejectsUnverifiedEmail() {
    assertThatThrownBy(() -> authn.authenticate(issuer.idToken("u", "capstan",
        Map.of("email", "a@b", "email_verified", false)))).hasMessageContaining("not verified");
  }

  @Test
  void rejectsUnsignedAndHmacTokens() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer.url()).audience("capstan").claim("email", "a@b")
        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
    assertThatThrownBy(() -> authn.authenticate(new PlainJWT(claims).serialize()))
        .isInstanceOf(AuthenticationException.class);
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    hmac.sign(new MACSigner(new byte[32]));
    assertThatThrownBy(() -> authn.authenticate(hmac.serialize()))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("algorithm");
  }

  @Test
  void refetchesKeysWhenTheIssuerRotates() {
    assertThat(authn.authenticate(issuer.idToken("u", "capstan", Map.of("email", "a@b")))).isPresent();
    assertThat(issuer.jwksFetches()).isEqualTo(1);
    assertThat(authn.authenticate(issuer.idToken("u", "capstan", Map.of("email", "a@b")))).isPresent();
    assertThat(issuer.jwksFetches()).as("a known kid is served from the cache").isEqualTo(1);
    String old = issuer.idToken("u", "capstan", Map.of("email", "a@b"));
    issuer.rotate();
    assertThat(authn.authenticate(issuer.idToken("u", "capstan", Map.of("email", "b@c"))).orElseThrow().name()).isEqualTo("b@c");
    assertThat(issuer.jwksFetches()).isEqualTo(2);
    assertThatThrownBy(() -> authn.authenticate(old)).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("no key");
  }

  @Test
  void refusesAPlainHttpIssuerOffLoopback() {
    assertThatThrownBy(() -> new OidcSettings("http://idp.example", "c", null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
