package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The watch protocol on the wire, served from the watch cache: resourceVersion "0" and N,
 * selectors with objects moving in and out of them, bookmarks only when asked, streaming lists
 * (sendInitialEvents), timeoutSeconds, Table-shaped events, and resourceVersion=0 lists.
 */
class WatchProtocolTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static KubernetesClient client;
  private static HttpClient http;
  private static ApiServerProcess api;

  @BeforeAll
  static void connect() throws Exception {
    api = ApiServerProcess.shared();
    client = Fabric8.client(api);
    http = HttpClient.newBuilder().sslContext(api.adminContext()).build();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  /** An open watch: lines arrive on a queue from a reader thread. */
  private static final class OpenWatch implements AutoCloseable {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread reader;
    volatile boolean ended;
    final Stream<String> body;

    OpenWatch(String pathAndQuery, String accept) throws Exception {
      HttpRequest.Builder req = HttpRequest.newBuilder(api.url().resolve(pathAndQuery));
      if (accept != null) req.header("Accept", accept);
      HttpResponse<Stream<String>> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(resp.statusCode()).isEqualTo(200);
      body = resp.body();
      reader = new Thread(() -> {
        try {
          body.forEach(lines::add);
        } catch (RuntimeException closed) {
          lines.add("{\"type\":\"CLIENT-CLOSED\"}");
        }
        ended = true;
      });
      reader.setDaemon(true);
      reader.start();
    }

    JsonNode next() throws InterruptedException {
      // Events reach the watch cache through the relay and Kafka: allow for a loaded machine.
      String line = lines.poll(30, TimeUnit.SECONDS);
      assertThat(line).as("an event within 30 s").isNotNull();
      return JSON.readTree(line);
    }

    String summary(JsonNode ev) {
      return ev.path("type").asString() + " " + ev.path("object").path("metadata").path("name").asString();
    }

    @Override
    public void close() {
      body.close();
    }
  }

  private static ConfigMap cm(String name, String tier) {
    ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v");
    if (tier != null) b.editMetadata().addToLabels("tier", tier).endMetadata();
    return b.build();
  }

  private static String listRv(String ns, String rv) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.url().resolve(
        "/api/v1/namespaces/" + ns + "/configmaps" + (rv == null ? "" : "?resourceVersion=" + rv))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).path("metadata").path("resourceVersion").asString();
  }

  @Test
  void resourceVersionZeroStartsWithTheCachedStateThenChanges() throws Exception {
    String ns = Fabric8.createNamespace(client, "wp-zero");
    client.configMaps().inNamespace(ns).resource(cm("a", null)).create();
    try (OpenWatch w = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&resourceVersion=0", null)) {
      assertThat(w.summary(w.next())).isEqualTo("ADDED a");
      client.configMaps().inNamespace(ns).resource(cm("b", null)).create();
      assertThat(w.summary(w.next())).isEqualTo("ADDED b");
    }
  }

  @Test
  void aWatchFromAListsRevisionSeesOnlyLaterChangesAndNoBookmarksUnlessAsked() throws Exception {
    String ns = Fabric8.createNamespace(client, "wp-rv");
    client.configMaps().inNamespace(ns).resource(cm("before", null)).create();
    String rv = listRv(ns, null);
    try (OpenWatch w = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&resourceVersion=" + rv, null)) {
      client.configMaps().inNamespace(ns).resource(cm("after", null)).create();
      client.configMaps().inNamespace(ns).withName("before").delete();
      assertThat(List.of(w.summary(w.next()), w.summary(w.next()))).containsExactly("ADDED after", "DELETED before");
    }
  }

  @Test
  void selectorsTurnMovesInAndOutIntoAddedAndDeleted() throws Exception {
    String ns = Fabric8.createNamespace(client, "wp-sel");
    client.configMaps().inNamespace(ns).resource(cm("x", "web")).create();
    String rv = listRv(ns, null);
    try (OpenWatch byLabel = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&labelSelector=tier%3Dweb&resourceVersion=" + rv, null);
        OpenWatch byName = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&fieldSelector=metadata.name%3Dy&resourceVersion=" + rv, null)) {
      client.configMaps().inNamespace(ns).withName("x").edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("tier", "db").endMetadata().build());
      client.configMaps().inNamespace(ns).resource(cm("y", "web")).create();
      assertThat(List.of(byLabel.summary(byLabel.next()), byLabel.summary(byLabel.next()))).containsExactly("DELETED x", "ADDED y");
      assertThat(byName.summary(byName.next())).isEqualTo("ADDED y");
    }
  }

  @Test
  void sendInitialEventsEndsTheInitialStateWithAnAnnotatedBookmark() throws Exception {
    String ns = Fabric8.createNamespace(client, "wp-initial");
    client.configMaps().inNamespace(ns).resource(cm("a", null)).create();
    client.configMaps().inNamespace(ns).resource(cm("b", null)).create();
    try (OpenWatch w = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&sendInitialEvents=true"
        + "&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=", null)) {
      List<String> first = new ArrayList<>(List.of(w.summary(w.next()), w.summary(w.next())));
      assertThat(first).containsExactlyInAnyOrder("ADDED a", "ADDED b");
      JsonNode end = w.next();
      assertThat(end.path("type").asString()).isEqualTo("BOOKMARK");
      assertThat(end.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end").asString()).isEqualTo("true");
      assertThat(end.path("object").path("kind").asString()).isEqualTo("ConfigMap");
    }
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(api.url().resolve(
        "/api/v1/namespaces/" + ns + "/configmaps?watch=true&sendInitialEvents=true")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("allowWatchBookmarks");
  }

  @Test
  void timeoutSecondsEndsTheStream() throws Exception {
    String ns = Fabric8.createNamespace(client, "wp-timeout");
    String rv = listRv(ns, null);
    // Timed from the response headers, when the server's clock for the stream has started: the
    // list and the request before them are not part of the claim.
    try (OpenWatch w = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&timeoutSeconds=1&resourceVersion=" + rv, null)) {
      long opened = System.nanoTime();
      w.reader.join(30_000);
      Duration lasted = Duration.ofNanos(System.nanoTime() - opened);
      assertThat(w.ended).as("the stream ended by itself").isTrue();
      assertThat(lasted).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void tableWatchesSendOneRowTablesAndZeroListsComeFromTheCache() throws Exception {
    String ns = Fabric8.createNamespace(client, "wp-table");
    String rv = listRv(ns, null);
    try (OpenWatch w = new OpenWatch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&resourceVersion=" + rv,
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")) {
      client.configMaps().inNamespace(ns).resource(cm("t", null)).create();
      JsonNode ev = w.next();
      assertThat(ev.path("object").path("kind").asString()).isEqualTo("Table");
      assertThat(ev.path("object").path("rows")).hasSize(1);
      assertThat(ev.path("object").path("rows").get(0).path("cells").get(0).asString()).isEqualTo("t");
    }
    // A resourceVersion=0 list may be served from memory but must already hold the object
    // once the watch above has seen it.
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.url().resolve(
        "/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=0&limit=1")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode list = JSON.readTree(r.body());
    assertThat(list.path("items")).extracting(i -> i.path("metadata").path("name").asString()).containsExactly("t");
    assertThat(Long.parseLong(list.path("metadata").path("resourceVersion").asString())).isGreaterThanOrEqualTo(Long.parseLong(rv));
  }
}
