package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.capstan.e2e.support.Kubectl;
import io.capstan.gateway.GatewayApplication;
import io.capstan.testing.ApiServerProcess;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SSO gateway in front of the suite's apiserver: a person logs in with their directory password
 * (LDAP bind against an in-memory UnboundID directory), the gateway forwards as the front proxy, and
 * the apiserver sees the directory's user and groups, so RBAC bindings on directory groups apply.
 * Identity headers a caller sends itself are dropped.
 */
class GatewayE2ETest {
  private static final String PEOPLE = "ou=people,dc=corp,dc=example";
  private static final String GROUPS = "ou=groups,dc=corp,dc=example";
  private static InMemoryDirectoryServer directory;
  private static ConfigurableApplicationContext gateway;
  private static URI gatewayUrl;
  private static Kubectl admin;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    admin = new Kubectl(api, dir);
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=corp,dc=example");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    directory = new InMemoryDirectoryServer(config);
    directory.add("dn: dc=corp,dc=example", "objectClass: top", "objectClass: domain", "dc: corp");
    directory.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
    directory.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
    directory.add("dn: uid=sso-alice," + PEOPLE, "objectClass: inetOrgPerson", "uid: sso-alice", "cn: Alice", "sn: A",
        "userPassword: s3cret");
    directory.add("dn: cn=sso-devs," + GROUPS, "objectClass: groupOfNames", "cn: sso-devs", "member: uid=sso-alice," + PEOPLE);
    directory.startListening();
    gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
        "server.port=0", "server.address=127.0.0.1", "management.server.port=-1",
        "spring.cloud.config.enabled=false", "spring.cloud.config.import-check.enabled=false",
        "capstan.gateway.apiserver=" + api.url(),
        "capstan.gateway.pki-dir=" + api.pki(),
        "capstan.gateway.ldap.host=127.0.0.1",
        "capstan.gateway.ldap.port=" + directory.getListenPort(),
        "capstan.gateway.ldap.user-dn-pattern=uid={0}," + PEOPLE,
        "capstan.gateway.ldap.group-base-dn=" + GROUPS).run();
    gatewayUrl = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (directory != null) directory.shutDown(true);
  }

  private static HttpResponse<String> send(String method, String path, String password, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gatewayUrl.resolve(path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("sso-alice:" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDirectorysUserAndGroupsReachTheApiserver() throws Exception {
    HttpResponse<String> whoami = send("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "s3cret",
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}",
        "X-Remote-User", "capstan-admin", "X-Remote-Group", "system:masters", "Impersonate-User", "capstan-admin");
    assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(201);
    assertThat(whoami.body()).contains("\"username\":\"sso-alice\"")
        .contains("\"groups\":[\"sso-devs\",\"system:authenticated\"]").doesNotContain("system:masters");

    assertThat(send("GET", "/api/v1/namespaces", "wrong", null).statusCode()).isEqualTo(401);
  }

  @Test
  void rbacBindingsOnDirectoryGroupsApply() throws Exception {
    String ns = admin.createNamespace("sso");
    assertThat(send("GET", "/api/v1/namespaces/" + ns + "/pods", "s3cret", null).statusCode()).isEqualTo(403);
    admin.run("create", "rolebinding", "devs", "--clusterrole=view", "--group=sso-devs", "-n", ns).requireSuccess();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      HttpResponse<String> pods = send("GET", "/api/v1/namespaces/" + ns + "/pods", "s3cret", null);
      assertThat(pods.statusCode()).as(pods.body()).isEqualTo(200);
      assertThat(pods.body()).contains("\"kind\":\"PodList\"");
    });
  }
}
