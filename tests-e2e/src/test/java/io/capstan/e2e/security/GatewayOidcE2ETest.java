package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.gateway.GatewayApplication;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Single sign-on through the gateway with an OpenID Connect identity provider (the loopback test
 * issuer): a browser is sent to the provider, comes back with a code, and from then on its session
 * cookie reaches the apiserver as the provider's user and groups; kubectl may present the
 * provider's ID token itself. The apiserver trusts only the gateway's front-proxy certificate.
 */
class GatewayOidcE2ETest {
  private static OidcIssuer issuer;
  private static ConfigurableApplicationContext gateway;
  private static URI gatewayUrl;
  private static Kubectl admin;
  private static Path home;
  /** A browser that does not follow redirects, so each hop can be checked. */
  private static HttpClient browser;
  private static Path servingCert;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    home = dir;
    // kubectl sends a bearer token only over TLS, and a real gateway is only ever reached over TLS.
    Identities.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "gateway.key", "-out", "gateway.crt", "-days", "1", "-subj", "/CN=capstan-gateway",
        "-addext", "subjectAltName=IP:127.0.0.1");
    servingCert = dir.resolve("gateway.crt");
    browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(Tls.context(Tls.certificate(servingCert), null, null)).build();
    ApiServerProcess api = ApiServerProcess.shared();
    admin = new Kubectl(api, dir);
    issuer = new OidcIssuer();
    issuer.client("capstan-gateway", "gw-secret");
    gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
        "server.port=0", "server.address=127.0.0.1", "management.server.port=-1",
        "server.ssl.certificate=file:" + servingCert, "server.ssl.certificate-private-key=file:" + dir.resolve("gateway.key"),
        "spring.cloud.config.enabled=false", "spring.cloud.config.import-check.enabled=false",
        "capstan.gateway.apiserver=" + api.url(),
        "capstan.gateway.pki-dir=" + api.pki(),
        "capstan.gateway.oidc.issuer-url=" + issuer.url(),
        "capstan.gateway.oidc.client-id=capstan-gateway",
        "capstan.gateway.oidc.client-secret=gw-secret",
        "capstan.gateway.oidc.username-claim=email",
        "capstan.gateway.oidc.groups-claim=groups",
        "capstan.gateway.oidc.groups-prefix=sso:").run();
    gatewayUrl = URI.create("https://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (issuer != null) issuer.close();
  }

  private static HttpResponse<String> get(URI uri, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/html,application/json");
    if (cookie != null) b.header("Cookie", cookie);
    return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI location(HttpResponse<?> r) {
    assertThat(r.statusCode()).as("a redirect").isEqualTo(302);
    return gatewayUrl.resolve(r.headers().firstValue("Location").orElseThrow());
  }

  /** The cookie a Set-Cookie header sets, as "name=value". */
  private static String cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=") && !c.startsWith(name + "=;"))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie"));
  }

  @Test
  void aBrowserLogsInAtTheProviderAndItsSessionCarriesTheProvidersUserAndGroups() throws Exception {
    String ns = admin.createNamespace("sso-oidc");
    String email = Kubectl.uniqueName("ann") + "@corp.example";
    issuer.signInAs("sub-ann", Map.of("email", email, "email_verified", true, "groups", List.of("platform")));
    URI pods = gatewayUrl.resolve("/api/v1/namespaces/" + ns + "/pods");

    URI login = location(get(pods, null));
    assertThat(login.getPath()).isEqualTo("/oauth2/login");
    HttpResponse<String> toProvider = get(login, null);
    URI authorize = location(toProvider);
    assertThat(authorize.toString()).startsWith(issuer.url() + "/authorize");
    String loginCookie = cookie(toProvider, "capstan_login");
    URI callback = location(get(authorize, null));
    assertThat(callback.getPath()).isEqualTo("/oauth2/callback");
    HttpResponse<String> back = get(callback, loginCookie);
    assertThat(location(back)).isEqualTo(pods);
    String session = cookie(back, "capstan_session");
    assertThat(back.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("capstan_session=") && c.contains("HttpOnly") && c.contains("Secure"));

    HttpResponse<String> denied = get(pods, session);
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(403);
    assertThat(denied.body()).contains("User \\\"" + email + "\\\" cannot list resource \\\"pods\\\"");
    admin.run("create", "rolebinding", "platform-view", "--clusterrole=view", "--group=sso:platform", "-n", ns).requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      HttpResponse<String> allowed = get(pods, session);
      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
      assertThat(allowed.body()).contains("\"kind\":\"PodList\"");
    });

    assertThat(get(pods, session.substring(0, session.length() - 3) + "xyz").statusCode())
        .as("an altered session is no session: back to the login").isEqualTo(302);
    HttpResponse<String> replay = get(callback, loginCookie);
    assertThat(replay.statusCode()).as("a code is good for one login").isEqualTo(400);
    assertThat(replay.body()).contains("Login failed");
  }

  @Test
  void kubectlPresentsTheProvidersIdTokenThroughTheGateway() throws Exception {
    String email = Kubectl.uniqueName("ben") + "@corp.example";
    String token = issuer.idToken("sub-ben", "capstan-gateway", Map.of("email", email, "groups", List.of("ops")));
    Path kubeconfig = home.resolve("gateway-" + Kubectl.uniqueName("kc") + ".kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: gateway
          cluster: {server: "%s", certificate-authority: "%s"}
        users:
        - name: sso
          user: {token: "%s"}
        contexts:
        - name: sso
          context: {cluster: gateway, user: sso}
        current-context: sso
        """.formatted(gatewayUrl, servingCert, token));
    KubectlResult whoami = admin.run("--kubeconfig=" + kubeconfig, "auth", "whoami");
    assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
    assertThat(whoami.stdout()).containsPattern("Username\\s+" + email.replace(".", "\\."))
        .contains("[sso:ops system:authenticated]");

    Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(token, issuer.forgedToken("sub-ben", "capstan-gateway")));
    KubectlResult forged = admin.run("--kubeconfig=" + kubeconfig, "auth", "whoami");
    assertThat(forged.exitCode()).isNotZero();
    assertThat(forged.stderr()).contains("error: You must be logged in to the server (Unauthorized)");
  }
}
