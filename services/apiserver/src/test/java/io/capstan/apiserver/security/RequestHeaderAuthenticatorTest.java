package io.capstan.apiserver.security;

import static io.capstan.apiserver.security.X509AuthenticatorTest.cert;
import static io.capstan.apiserver.security.X509AuthenticatorTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Identity headers count only over the front proxy's certificate with an allowed name. */
class RequestHeaderAuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void headersNameTheUserOnlyOverTheFrontProxysCertificate() throws Exception {
    KeyPair proxyCaKeys = keys();
    X509Certificate proxyCa = cert("CN=fp-ca", proxyCaKeys, "CN=fp-ca", proxyCaKeys, NOW.minusSeconds(60), NOW.plusSeconds(3600));
    KeyPair clusterCaKeys = keys();
    KeyPair client = keys();
    X509Certificate gateway = cert("CN=front-proxy-client", client, "CN=fp-ca", proxyCaKeys, NOW.minusSeconds(60), NOW.plusSeconds(60));
    X509Certificate otherName = cert("CN=intruder", client, "CN=fp-ca", proxyCaKeys, NOW.minusSeconds(60), NOW.plusSeconds(60));
    X509Certificate clusterClient = cert("CN=front-proxy-client", client, "CN=ca", clusterCaKeys, NOW.minusSeconds(60), NOW.plusSeconds(60));
    RequestHeaderAuthenticator auth = new RequestHeaderAuthenticator(proxyCa, Set.of("front-proxy-client"),
        List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-"), Clock.fixed(NOW, ZoneOffset.UTC));

    MockHttpServletRequest req = new MockHttpServletRequest();
    req.addHeader("X-Remote-User", "alice");
    req.addHeader("X-Remote-Group", "dev");
    req.addHeader("X-Remote-Group", "ops");
    req.addHeader("X-Remote-Extra-Scopes", "openid");
    req.addHeader("X-Remote-Extra-Example.com%2fteam", "blue");

    UserInfo u = auth.authenticate(req, new X509Certificate[] {gateway}).orElseThrow();
    assertThat(u.name()).isEqualTo("alice");
    assertThat(u.groups()).containsExactly("dev", "ops");
    assertThat(u.extra()).isEqualTo(Map.of("scopes", List.of("openid"), "example.com/team", List.of("blue")));

    assertThat(auth.authenticate(req, null)).as("no certificate: headers are ignored").isEmpty();
    assertThat(auth.authenticate(req, new X509Certificate[] {clusterClient})).as("another CA: x509's to judge").isEmpty();
    assertThatThrownBy(() -> auth.authenticate(req, new X509Certificate[] {otherName}))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("not allowed");
    assertThatThrownBy(() -> auth.authenticate(new MockHttpServletRequest(), new X509Certificate[] {gateway}))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("no user header");
  }
}
