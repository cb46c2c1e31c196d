package io.capstan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.security.oidc.IssuerKeys;
import io.capstan.security.oidc.OidcSettings;
import io.capstan.security.oidc.OidcTokenVerifier;
import io.capstan.testing.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The code flow against a real (loopback) issuer: what the browser would carry between the two. */
class OidcLoginTest {
  private static final String CALLBACK = "http://127.0.0.1:1/oauth2/callback";
  private final OidcIssuer issuer = new OidcIssuer();
  private final HttpClient http = HttpClient.newHttpClient();
  private final OidcSettings settings = new OidcSettings(issuer.url(), "capstan", "email", null, "groups", "sso:", null);
  private final SessionCookies cookies = new SessionCookies(new byte[32], Clock.systemUTC());
  private final OidcLogin login = new OidcLogin(settings, "capstan-secret", List.of("email"), http,
      new OidcTokenVerifier(settings, new IssuerKeys(URI.create(issuer.url()), http), Clock.systemUTC()), cookies,
      Clock.systemUTC());

  @AfterEach
  void stop() {
    issuer.close();
  }

  /** Follows the issuer's redirect as a browser would and returns its query (code, state). */
  private Map<String, String> atIssuer(URI authorize) throws Exception {
    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(CALLBACK);
    Map<String, String> q = new HashMap<>();
    for (String p : back.getQuery().split("&")) q.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
    return q;
  }

  @Test
  void aCompletedLoginYieldsASessionForTheIssuersUser() throws Exception {
    issuer.signInAs("u-1", Map.of("email", "jane@example.com", "email_verified", true, "groups", List.of("dev")));
    OidcLogin.Started s = login.start("/api/v1/pods?limit=1", CALLBACK);
    assertThat(s.redirect().getRawQuery()).contains("scope=openid+email").contains("code_challenge_method=S256");
    Map<String, String> q = atIssuer(s.redirect());
    OidcLogin.Finished f = login.finish(q.get("code"), q.get("state"), s.loginCookie());
    assertThat(f.caller()).isEqualTo(new Caller("jane@example.com", List.of("sso:dev")));
    assertThat(f.then()).isEqualTo("/api/v1/pods?limit=1");
    assertThat(login.session(f.sessionCookie())).contains(f.caller());
    assertThatThrownBy(() -> login.finish(q.get("code"), q.get("state"), s.loginCookie()))
        .as("a code is redeemed once").isInstanceOf(OidcLogin.LoginFailed.class).hasMessageContaining("refused");
  }

  @Test
  void anAnswerForAnotherLoginOrWithoutTheLoginCookieIsRefused() throws Exception {
    issuer.signInAs("u-1", Map.of("email", "jane@example.com"));
    OidcLogin.Started mine = login.start("/", CALLBACK);
    OidcLogin.Started other = login.start("/", CALLBACK);
    Map<String, String> q = atIssuer(other.redirect());
    assertThatThrownBy(() -> login.finish(q.get("code"), q.get("state"), mine.loginCookie()))
        .isInstanceOf(OidcLogin.LoginFailed.class).hasMessageContaining("state mismatch");
    assertThatThrownBy(() -> login.finish(q.get("code"), q.get("state"), null))
        .isInstanceOf(OidcLogin.LoginFailed.class).hasMessageContaining("expired or was not started here");
  }

  @Test
  void onlyPathsOnTheGatewayAreFollowedAfterLogin() {
    assertThat(OidcLogin.safePath("/api/v1/namespaces")).isEqualTo("/api/v1/namespaces");
    assertThat(OidcLogin.safePath("https://evil.example/")).isEqualTo("/");
    assertThat(OidcLogin.safePath("//evil.example/")).isEqualTo("/");
    assertThat(OidcLogin.safePath("/\\evil.example")).isEqualTo("/");
    assertThat(OidcLogin.safePath(null)).isEqualTo("/");
  }
}
