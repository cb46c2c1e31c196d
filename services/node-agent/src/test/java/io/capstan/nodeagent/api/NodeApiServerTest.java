package io.capstan.nodeagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** containerLogs on a runtime holding two instances of one container (the current and the previous). */
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
  NodeApiServer server;
  final HttpClient http = HttpClient.newHttpClient();

  static RuntimeContainer instance(String id, int attempt) {
    return new RuntimeContainer(id, "k8s_app", Map.of(Labels.POD_UID, "u1", Labels.CONTAINER_NAME, "app",
        Labels.ATTEMPT, Integer.toString(attempt)), RuntimeContainer.State.EXITED, 0, Instant.EPOCH, Instant.EPOCH,
        "img", "img@sha256:0");
  }

  @BeforeEach
  void start() throws Exception {
    server = new NodeApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), runtime,
        key -> key.equals("ns/p") ? Optional.of(POD) : Optional.empty());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
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
  }
}
