package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.ApiServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authenticating front proxy: X-Remote-User/-Group/-Extra-* name the user only over a
 * connection presenting the front-proxy client certificate that {@code capstan init} made; the same
 * headers from anyone else are ignored or refused.
 */
class FrontProxyE2ETest {
  private static ApiServerProcess api;
  private static X509Certificate clusterCa;

  @BeforeAll
  static void start() throws Exception {
    api = ApiServerProcess.shared();
    clusterCa = Tls.certificate(api.pki().resolve("ca.crt"));
  }

  private static HttpResponse<String> whoami(SSLContext ctx) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    return http.send(HttpRequest.newBuilder(api.url().resolve("/apis/authentication.k8s.io/v1/selfsubjectreviews"))
        .header("Content-Type", "application/json")
        .header("X-Remote-User", "sso:alice")
        .header("X-Remote-Group", "sso:dev")
        .header("X-Remote-Group", "sso:ops")
        .header("X-Remote-Extra-Acr", "mfa")
        .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theGatewaysCertificateCarriesTheHeadersIdentity() throws Exception {
    Path pki = api.pki();
    HttpResponse<String> r = whoami(Tls.context(clusterCa, Tls.certificate(pki.resolve("front-proxy-client.crt")),
        Tls.key(pki.resolve("front-proxy-client.key"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).contains("\"username\":\"sso:alice\"")
        .contains("\"groups\":[\"sso:dev\",\"sso:ops\",\"system:authenticated\"]")
        .contains("\"acr\":[\"mfa\"]");
  }

  @Test
  void headersFromAnyoneElseAreIgnoredOrRefused() throws Exception {
    Path pki = api.pki();
    HttpResponse<String> anonymous = whoami(Tls.context(clusterCa, null, null));
    assertThat(anonymous.statusCode()).as("headers alone are no credential").isEqualTo(401);

    HttpResponse<String> admin = whoami(api.adminContext());
    assertThat(admin.statusCode()).isEqualTo(201);
    assertThat(admin.body()).as("a cluster client certificate is its own identity").contains("\"username\":\"capstan-admin\"")
        .doesNotContain("sso:alice");

    KeyPair keys = Tls.keys();
    X509Certificate proxyCa = Tls.certificate(pki.resolve("front-proxy-ca.crt"));
    PrivateKey proxyCaKey = Tls.key(pki.resolve("front-proxy-ca.key"));
    X509Certificate notTheGateway = Tls.sign("CN=some-other-proxy", keys, proxyCa, proxyCaKey);
    HttpResponse<String> other = whoami(Tls.context(clusterCa, notTheGateway, keys.getPrivate()));
    assertThat(other.statusCode()).as("the front-proxy CA but a name that is not allowed").isEqualTo(401);
  }
}
