package io.capstan.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the real kubectl (skipped when there is none) against a tiny server that decodes its
 * protobuf POST bodies with {@link ProtobufBodies} and answers with the decoded JSON, as Capstan
 * does. The server announces version 1.{minor}; a version-dispatching kubectl then runs that
 * release.
 */
class KubectlLiveTest {

  private static final String KUBECTL = "/usr/bin/kubectl";

  @TempDir
  Path dir;

  private HttpServer server;
  private String minor;
  private final Map<String, ObjectNode> decoded = new ConcurrentHashMap<>();
  private final Map<String, String> contentTypes = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    // kubectl is part of every Capstan machine (the acceptance oracle): its absence is a failure.
    assertThat(Path.of(KUBECTL)).isExecutable();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(strings = {"32", "33"})
  void createNamespaceDeploymentAndCanI(String minor) throws Exception {
    this.minor = minor;

    assertThat(kubectl("create", "namespace", "team-a")).isEqualTo("namespace/team-a created");
    assertThat(ProtobufBodies.isProtobuf(contentTypes.get("/api/v1/namespaces")))
        .as("kubectl 1.%s sent %s", minor, contentTypes.get("/api/v1/namespaces")).isTrue();
    assertThat(decoded.get("/api/v1/namespaces")).isEqualTo(Json.MAPPER.readTree(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\"}}"));

    assertThat(kubectl("create", "deployment", "web", "--image=busybox", "--replicas=2"))
        .isEqualTo("deployment.apps/web created");
    JsonNode d = decoded.get("/apis/apps/v1/namespaces/default/deployments");
    assertThat(d.get("kind").stringValue()).isEqualTo("Deployment");
    assertThat(d.at("/metadata/name").stringValue()).isEqualTo("web");
    assertThat(d.at("/spec/replicas").intValue()).isEqualTo(2);
    assertThat(d.at("/spec/selector/matchLabels/app").stringValue()).isEqualTo("web");
    assertThat(d.at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("busybox");

    assertThat(kubectl("auth", "can-i", "create", "deployments.apps", "-n", "team-a")).isEqualTo("yes");
    JsonNode r = decoded.get("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
    assertThat(r.at("/spec/resourceAttributes")).isEqualTo(Json.MAPPER.readTree(
        "{\"namespace\":\"team-a\",\"verb\":\"create\",\"group\":\"apps\",\"resource\":\"deployments\"}"));
  }

  private String kubectl(String... args) throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
        current-context: x
        """.formatted(server.getAddress().getPort()));
    List<String> cmd = new java.util.ArrayList<>(List.of(KUBECTL, "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("cache-" + minor).toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl timed out: " + cmd);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    try (ex) {
      if (ex.getRequestMethod().equals("POST")) {
        byte[] body = ex.getRequestBody().readAllBytes();
        contentTypes.put(path, String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
        ObjectNode obj;
        try {
          obj = ProtobufBodies.isProtobuf(ex.getRequestHeaders().getFirst("Content-Type"))
              ? ProtobufBodies.decode(body) : (ObjectNode) Json.MAPPER.readTree(body);
        } catch (ApiException e) {
          reply(ex, e.code(), "application/json", e.toStatus().toString());
          return;
        }
        decoded.put(path, obj);
        ObjectNode answer = obj.deepCopy();
        if (path.endsWith("selfsubjectaccessreviews")) {
          answer.putObject("status").put("allowed", true);
        } else {
          ((ObjectNode) answer.get("metadata")).put("uid", "u1").put("resourceVersion", "1");
        }
        reply(ex, 201, "application/json", answer.toString());
        return;
      }
      switch (path) {
        case "/version" -> reply(ex, 200, "application/json", ("{\"major\":\"1\",\"minor\":\"%s\",\"gitVersion\":"
            + "\"v1.%s.0\",\"gitCommit\":\"x\",\"gitTreeState\":\"clean\",\"buildDate\":\"2025-01-01T00:00:00Z\","
            + "\"goVersion\":\"go1.23\",\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}").formatted(minor, minor));
        case "/api" -> reply(ex, 200, DISCOVERY, discovery(true));
        case "/apis" -> reply(ex, 200, DISCOVERY, discovery(false));
        case "/api/v1" -> reply(ex, 200, "application/json", """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","get","list"]}]}""");
        default -> reply(ex, 404, "application/json",
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
      }
    }
  }

  private static final String DISCOVERY = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private static String discovery(boolean core) {
    String items = core ? """
        {"metadata":{"name":""},"versions":[{"version":"v1","resources":[
          {"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},"scope":"Cluster",
           "singularResource":"namespace","verbs":["create","get","list"],"shortNames":["ns"]}]}]}"""
        : """
        {"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[
          {"resource":"deployments","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},
           "scope":"Namespaced","singularResource":"deployment","verbs":["create","get","list"],"shortNames":["deploy"]}]}]},
        {"metadata":{"name":"authorization.k8s.io"},"versions":[{"version":"v1","resources":[
          {"resource":"selfsubjectaccessreviews","responseKind":{"group":"authorization.k8s.io","version":"v1",
           "kind":"SelfSubjectAccessReview"},"scope":"Cluster","singularResource":"selfsubjectaccessreview","verbs":["create"]}]}]}""";
    return "{\"kind\":\"APIGroupDiscoveryList\",\"apiVersion\":\"apidiscovery.k8s.io/v2\",\"metadata\":{},\"items\":["
        + items + "]}";
  }

  private static void reply(HttpExchange ex, int code, String contentType, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
  }
}
