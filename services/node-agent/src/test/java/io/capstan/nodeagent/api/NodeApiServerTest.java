package io.capstan.nodeagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import io.capstan.nodeagent.tls.NodeApiTls;
import io.capstan.nodeagent.tls.TestPki;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * containerLogs on a runtime holding two instances of one container (the current and the
 * previous), over HTTPS with client certificates; who may call is decided by a fake review.
 */
class NodeApiServerTest {
  static final Pod POD = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("u1")
      .endMetadata().build();

  final SimulatedRuntime runtime = new SimulatedRuntime(Clock.systemUTC()) {
    @Override
    public List<RuntimeContainer> listContainers(String podUid) {
      return "u1".equals(podUid) ? List.of(instance("c0", 0), instance("c1", 1)) : List.of();
    }

    @Override
    public String logs(String containerId, LogOptions options) {
      String text = containerId.equals("c1") ? "now-1\nnow-2\n" : "before\n";
      if (options.tailLines() == null) return text;
      List<String> lines = List.of(text.split("\n"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - options.tailLines()), lines.size())) + "\n";
    }
  };
  static final TestPki PKI = new TestPki("cluster-ca");
  NodeApiServer server;
  final List<NodeApiAuthorizer.Attributes> reviewed = new java.util.concurrent.CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().sslContext(PKI.client("kube-apiserver-kubelet-client",
      "system:masters")).build();

  static RuntimeContainer instance(String id, int attempt) {
    return new RuntimeContainer(id, "k8s_app", Map.of(Labels.POD_UID, "u1", Labels.CONTAINER_NAME, "app",
        Labels.ATTEMPT, Integer.toString(attempt)), RuntimeContainer.State.EXITED, 0, Instant.EPOCH, Instant.EPOCH,
        "img", "img@sha256:0");
  }

  @BeforeEach
  void start() throws Exception {
    NodeApiTls tls = new NodeApiTls(List.of(PKI.ca));
    tls.serve(PKI.serving("n1", List.of("127.0.0.1"), List.of("localhost"), Instant.now().minusSeconds(60),
        Duration.ofHours(1)));
    NodeApiAuthorizer authorizer = new NodeApiAuthorizer("n1", a -> {
      reviewed.add(a);
      return a.groups().contains("system:masters");
    }, Clock.systemUTC());
    server = new NodeApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), runtime,
        key -> key.equals("ns/p") ? Optional.of(POD) : Optional.empty(), tls, authorizer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return get(http, pathAndQuery);
  }

  HttpResponse<String> get(HttpClient client, String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAnonymousCallerIs401AndOneWithoutTheRightIs403() throws Exception {
    HttpResponse<String> anonymous = get(HttpClient.newBuilder().sslContext(PKI.anonymous()).build(),
        "/containerLogs/ns/p/app");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).isEqualTo("Unauthorized");
    HttpResponse<String> bob = get(HttpClient.newBuilder().sslContext(PKI.client("bob", "devs")).build(),
        "/stats/summary");
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).isEqualTo("Forbidden (user=bob, verb=get, resource=nodes, subresource=stats)");
    assertThat(reviewed).contains(new NodeApiAuthorizer.Attributes("bob", List.of("devs"), "get", "n1", "stats"));
  }

  @Test
  void aClientCertificateFromAnotherCaFailsTheHandshake() {
    HttpClient stranger = HttpClient.newBuilder().sslContext(new TestPki("other-ca").client("admin", "system:masters"))
        .build();
    assertThatThrownBy(() -> get(stranger, "/healthz")).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void servesTheLatestInstanceThePreviousOneAndATail() throws Exception {
    assertThat(get("/containerLogs/ns/p/app").body()).isEqualTo("now-1\nnow-2\n");
    assertThat(get("/containerLogs/ns/p/app?tailLines=1").body()).isEqualTo("now-2\n");
    assertThat(get("/containerLogs/ns/p/app?previous=true").body()).isEqualTo("before\n");
  }

  @Test
  void explainsWhatIsMissing() throws Exception {
    HttpResponse<String> noPod = get("/containerLogs/ns/q/app");
    assertThat(noPod.statusCode()).isEqualTo(404);
    HttpResponse<String> waiting = get("/containerLogs/ns/p/other");
    assertThat(waiting.statusCode()).isEqualTo(400);
    assertThat(waiting.body()).isEqualTo("container \"other\" in pod \"p\" is waiting to start: ContainerCreating");
    HttpResponse<String> bad = get("/containerLogs/ns/p/app?tailLines=x");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("tailLines: not a number: x");
    HttpResponse<String> both = get("/containerLogs/ns/p/app?sinceSeconds=5&sinceTime=2026-11-26T07:10:31Z");
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body()).isEqualTo("at most one of `sinceTime` or `sinceSeconds` may be specified");
    HttpResponse<String> noBytes = get("/containerLogs/ns/p/app?limitBytes=0");
    assertThat(noBytes.statusCode()).isEqualTo(400);
    assertThat(noBytes.body()).isEqualTo("limitBytes: Invalid value: 0: must be greater than 0");
  }

  @Test
  void aLogRequestResolvesSinceAgainstNowAndKeepsTheOtherOptions() {
    Instant now = Instant.parse("2026-11-26T07:11:58.5Z");
    NodeApiServer.LogRequest relative = NodeApiServer.LogRequest.parse("ns", "p", "app",
        Map.of("sinceSeconds", "90", "tailLines", "3", "limitBytes", "7", "timestamps", "true", "follow", "true"), now);
    assertThat(relative.follow()).isTrue();
    assertThat(relative.options()).isEqualTo(new LogOptions(3, true, Instant.parse("2026-11-26T07:10:28.5Z"), 7L));
    // kubectl logs --since-time sends RFC 3339 in UTC, to the second.
    NodeApiServer.LogRequest absolute = NodeApiServer.LogRequest.parse("ns", "p", "app",
        Map.of("sinceTime", "2026-11-26T06:10:31Z"), now);
    assertThat(absolute.options()).isEqualTo(new LogOptions(null, false, Instant.parse("2026-11-26T06:10:31Z"), null));
    assertThatThrownBy(() -> NodeApiServer.LogRequest.parse("ns", "p", "app", Map.of("sinceSeconds", "0"), now))
        .hasMessage("sinceSeconds: Invalid value: 0: must be greater than 0");
    assertThatThrownBy(() -> NodeApiServer.LogRequest.parse("ns", "p", "app", Map.of("tailLines", "-1"), now))
        .hasMessage("tailLines: Invalid value: -1: must be greater than or equal to 0");
  }
}
