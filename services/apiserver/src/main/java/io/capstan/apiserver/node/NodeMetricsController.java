package io.capstan.apiserver.node;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.web.ObjectResponder;
import io.capstan.apiserver.web.SelectorFilter;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metrics.k8s.io/v1beta1} NodeMetrics and PodMetrics, as metrics-server answers them, read
 * on demand from the node agents' {@code /stats/summary} (CPU in nanocores, memory as working
 * set), so {@code kubectl top node|pod} print real numbers. A node that does not answer is left
 * out, as metrics-server leaves out nodes it could not scrape.
 */
@RestController
public class NodeMetricsController {
  private static final Logger log = LoggerFactory.getLogger(NodeMetricsController.class);
  private static final String BASE = "/apis/" + MetricsApi.GROUP + "/" + MetricsApi.VERSION;

  private final ResourceCatalog catalog;
  private final GenericRegistry registry;
  private final SelectorFilter selectors;
  private final HttpClient http;

  public NodeMetricsController(ResourceCatalog catalog, GenericRegistry registry, SelectorFilter selectors,
      NodeApiClient nodeApi) {
    this.catalog = catalog;
    this.registry = registry;
    this.selectors = selectors;
    this.http = nodeApi.http(Duration.ofSeconds(3));
  }

  @GetMapping(BASE + "/nodes")
  public void nodes(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    List<ObjectNode> nodes = registry.list(served("nodes"), null,
        new ListOptions(selectors.filter(req, served("nodes").type()), 0, null)).items();
    ArrayNode items = Json.MAPPER.createArrayNode();
    summaries(nodes).forEach((name, summary) -> items.add(nodeMetrics(name, summary)));
    ObjectResponder.write(resp, 200, list("NodeMetricsList", items));
  }

  @GetMapping(BASE + "/nodes/{name}")
  public void node(@PathVariable String name, HttpServletResponse resp) throws IOException {
    ObjectNode node = registry.get(served("nodes"), null, name);
    JsonNode summary = summaries(List.of(node)).get(name);
    if (summary == null) throw ApiException.notFound(MetricsApi.GROUP, "nodemetrics", name);
    ObjectResponder.write(resp, 200, nodeMetrics(name, summary));
  }

  @GetMapping(BASE + "/pods")
  public void allPods(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectResponder.write(resp, 200, list("PodMetricsList", podMetrics(req, null, null)));
  }

  @GetMapping(BASE + "/namespaces/{namespace}/pods")
  public void pods(@PathVariable String namespace, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    ObjectResponder.write(resp, 200, list("PodMetricsList", podMetrics(req, namespace, null)));
  }

  @GetMapping(BASE + "/namespaces/{namespace}/pods/{name}")
  public void pod(@PathVariable String namespace, @PathVariable String name, HttpServletRequest req,
      HttpServletResponse resp) throws IOException {
    ArrayNode items = podMetrics(req, namespace, name);
    if (items.isEmpty()) throw ApiException.notFound(MetricsApi.GROUP, "podmetrics", name);
    ObjectResponder.write(resp, 200, (ObjectNode) items.get(0));
  }

  private ArrayNode podMetrics(HttpServletRequest req, String namespace, String name) {
    Served pods = served("pods");
    List<ObjectNode> selected;
    if (name != null) {
      selected = List.of(registry.get(pods, namespace, name));
    } else {
      Predicate<ObjectNode> filter = selectors.filter(req, pods.type());
      selected = registry.list(pods, namespace, new ListOptions(filter, 0, null)).items();
    }
    Set<String> wanted = new LinkedHashSet<>();
    Set<String> nodeNames = new LinkedHashSet<>();
    for (ObjectNode p : selected) {
      String node = p.path("spec").path("nodeName").asString("");
      if (node.isEmpty()) continue;
      nodeNames.add(node);
      wanted.add(p.path("metadata").path("uid").asString(""));
    }
    List<ObjectNode> nodes = new ArrayList<>();
    for (String n : nodeNames) {
      try {
        nodes.add(registry.get(served("nodes"), null, n));
      } catch (ApiException e) {
        if (e.code() != 404) throw e; // a pod bound to a node that is gone has no metrics
      }
    }
    ArrayNode items = Json.MAPPER.createArrayNode();
    for (JsonNode summary : summaries(nodes).values()) {
      for (JsonNode pod : summary.path("pods")) {
        if (!wanted.contains(pod.path("podRef").path("uid").asString(""))) continue;
        items.add(podMetrics(pod));
      }
    }
    return items;
  }

  /** Each reachable node's summary, fetched in parallel. */
  private Map<String, JsonNode> summaries(List<ObjectNode> nodes) {
    Map<String, CompletableFuture<HttpResponse<String>>> calls = new LinkedHashMap<>();
    for (ObjectNode node : nodes) {
      String name = node.path("metadata").path("name").asString("");
      NodeEndpoint endpoint;
      try {
        endpoint = NodeEndpoint.of(node);
      } catch (ApiException e) {
        continue; // not registered with an agent endpoint (yet)
      }
      calls.put(name, http.sendAsync(HttpRequest.newBuilder(endpoint.uri("/stats/summary"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }
    Map<String, JsonNode> out = new HashMap<>();
    calls.forEach((name, call) -> {
      try {
        HttpResponse<String> r = call.join();
        if (r.statusCode() == 200) out.put(name, Json.MAPPER.readTree(r.body()));
        else log.debug("node {} answered /stats/summary with {}", name, r.statusCode());
      } catch (RuntimeException e) {
        log.debug("no summary from node {}: {}", name, e.toString());
      }
    });
    return out;
  }

  private static ObjectNode nodeMetrics(String name, JsonNode summary) {
    ObjectNode m = Json.object();
    m.put("kind", "NodeMetrics");
    m.put("apiVersion", MetricsApi.GROUP + "/" + MetricsApi.VERSION);
    ObjectNode meta = m.putObject("metadata");
    meta.put("name", name);
    meta.put("creationTimestamp", summary.path("node").path("cpu").path("time").asString(""));
    m.put("timestamp", summary.path("node").path("cpu").path("time").asString(""));
    m.put("window", "1s");
    usage(m.putObject("usage"), summary.path("node"));
    return m;
  }

  private static ObjectNode podMetrics(JsonNode pod) {
    ObjectNode m = Json.object();
    m.put("kind", "PodMetrics");
    m.put("apiVersion", MetricsApi.GROUP + "/" + MetricsApi.VERSION);
    ObjectNode meta = m.putObject("metadata");
    meta.put("name", pod.path("podRef").path("name").asString(""));
    meta.put("namespace", pod.path("podRef").path("namespace").asString(""));
    meta.put("creationTimestamp", pod.path("cpu").path("time").asString(""));
    m.put("timestamp", pod.path("cpu").path("time").asString(""));
    m.put("window", "1s");
    ArrayNode containers = m.putArray("containers");
    for (JsonNode c : pod.path("containers")) {
      ObjectNode cm = containers.addObject();
      cm.put("name", c.path("name").asString(""));
      usage(cm.putObject("usage"), c);
    }
    return m;
  }

  /** CPU in nanocores and memory (working set) in KiB, the units metrics-server writes. */
  private static void usage(ObjectNode usage, JsonNode stats) {
    usage.put("cpu", stats.path("cpu").path("usageNanoCores").asLong(0) + "n");
    usage.put("memory", stats.path("memory").path("workingSetBytes").asLong(0) / 1024 + "Ki");
  }

  private static ObjectNode list(String kind, ArrayNode items) {
    ObjectNode l = Json.object();
    l.put("kind", kind);
    l.put("apiVersion", MetricsApi.GROUP + "/" + MetricsApi.VERSION);
    l.putObject("metadata");
    l.set("items", items);
    return l;
  }

  private Served served(String plural) {
    return catalog.find("", "v1", plural).orElseThrow(() -> ApiException.internal(plural + " are not served"));
  }
}
