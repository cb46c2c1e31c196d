package io.capstan.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
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

class OidcTokenVerifierTest {
  private OidcIssuer issuer;
  private OidcTokenVerifier authn;

  @BeforeEach
  void start() {
    issuer = new OidcIssuer();
    authn = authenticator(new OidcSettings(issuer.url(), "capstan", "email", null, "groups", "oidc:", null));
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private OidcTokenVerifier authenticator(OidcSettings s) {
    return new OidcTokenVerifier(s, new IssuerKeys(URI.create(s.issuerUrl()), HttpClient.newHttpClient()), Clock.systemUTC());
  }

  @Test
  void mapsClaimsToUserAndPrefixedGroups() {
    String token = issuer.idToken("u-1", "capstan", Map.of("email", "jane@example.com", "email_verified", true,
        "groups", List.of("dev", "ops")));
    OidcIdentity u = authn.verify(token).orElseThrow();
    assertThat(u.username()).isEqualTo("jane@example.com");
    assertThat(u.groups()).containsExactly("oidc:dev", "oidc:ops");
  }

  @Test
  void subjectClaimGetsTheIssuerPrefixUnlessDisabled() {
    String token = issuer.idToken("u-1", "capstan", Map.of("groups", "dev"));
    assertThat(authenticator(new OidcSettings(issuer.url(), "capstan", null, null, "groups", null, null))
        .verify(token).orElseThrow().username()).isEqualTo(issuer.url() + "#u-1");
    OidcIdentity plain = authenticator(new OidcSettings(issuer.url(), "capstan", "sub", "-", "groups", null, null))
        .verify(token).orElseThrow();
    assertThat(plain.username()).isEqualTo("u-1");
    assertThat(plain.groups()).containsExactly("dev");
  }

  @Test
  void anotherIssuersTokenIsNotOurs() {
    String token = issuer.sign("u", "https://other.example", "capstan", Instant.now().plusSeconds(60), Map.of());
    assertThat(authn.verify(token)).isEmpty();
    assertThat(authn.verify("not-a-jwt")).isEmpty();
  }

  @Test
  void rejectsWrongAudienceExpiryAndForgedSignature() {
    assertThatThrownBy(() -> authn.verify(issuer.idToken("u", "someone-else", Map.of("email", "a@b"))))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("audience");
    assertThatThrownBy(() -> authn.verify(issuer.sign("u", issuer.url(), "capstan", Instant.now().minusSeconds(5),
        Map.of("email", "a@b")))).isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    assertThatThrownBy(() -> authn.verify(issuer.forgedToken("u", "capstan")))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("signature");
  }

  @Test
  void rejectsUnverifiedEmail() {
    assertThatThrownBy(() -> authn.verify(issuer.idToken("u", "capstan",
        Map.of("email", "a@b", "email_verified", false)))).hasMessageContaining("not verified");
  }

  @Test
  void rejectsUnsignedAndHmacTokens() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer.url()).audience("capstan").claim("email", "a@b")
        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
    assertThatThrownBy(() -> authn.verify(new PlainJWT(claims).serialize()))
        .isInstanceOf(InvalidTokenException.class);
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    hmac.sign(new MACSigner(new byte[32]));
    assertThatThrownBy(() -> authn.verify(hmac.serialize()))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("algorithm");
  }

  @Test
  void refetchesKeysWhenTheIssuerRotates() {
    assertThat(authn.verify(issuer.idToken("u", "capstan", Map.of("email", "a@b")))).isPresent();
    assertThat(issuer.jwksFetches()).isEqualTo(1);
    assertThat(authn.verify(issuer.idToken("u", "capstan", Map.of("email", "a@b")))).isPresent();
    assertThat(issuer.jwksFetches()).as("a known kid is served from the cache").isEqualTo(1);
    String old = issuer.idToken("u", "capstan", Map.of("email", "a@b"));
    issuer.rotate();
    assertThat(authn.verify(issuer.idToken("u", "capstan", Map.of("email", "b@c"))).orElseThrow().username()).isEqualTo("b@c");
    assertThat(issuer.jwksFetches()).isEqualTo(2);
    assertThatThrownBy(() -> authn.verify(old)).isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("no key");
  }

  @Test
  void aLoginsNonceMustBeInTheToken() {
    String token = issuer.idToken("u", "capstan", Map.of("email", "a@b", "nonce", "n-1"));
    assertThat(authn.verify(token, "n-1").orElseThrow().username()).isEqualTo("a@b");
    assertThatThrownBy(() -> authn.verify(token, "n-2")).isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("nonce");
  }

  @Test
  void refusesAPlainHttpIssuerOffLoopback() {
    assertThatThrownBy(() -> new OidcSettings("http://idp.example", "c", null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
