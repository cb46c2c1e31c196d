package io.capstan.apiserver.node;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: finds the pod's node and proxies to its
 * agent's {@code /containerLogs/{ns}/{pod}/{container}}, streaming the text back as it comes
 * (so {@code kubectl logs -f} follows). The query parameters kubectl sends ({@code follow},
 * {@code tailLines}, {@code sinceSeconds}, {@code sinceTime}, {@code timestamps}, {@code limitBytes},
 * {@code previous}) pass through; a node's refusal becomes a Status with its message.
 */
@Component
public class PodLogProxy {
  private static final List<String> PASSED = List.of("follow", "tailLines", "sinceSeconds", "sinceTime", "timestamps",
      "limitBytes", "previous");

  private final ResourceCatalog catalog;
  private final GenericRegistry registry;
  private final HttpClient http;

  public PodLogProxy(ResourceCatalog catalog, GenericRegistry registry, NodeApiClient nodeApi) {
    this.catalog = catalog;
    this.registry = registry;
    this.http = nodeApi.http(Duration.ofSeconds(5));
  }

  public void serve(HttpServletRequest req, HttpServletResponse resp, Served pods, RequestInfo info) throws IOException {
    if (!info.verb().equals("get")) throw ApiException.methodNotSupported("", "pods/log", info.verb());
    ObjectNode pod = registry.get(pods, info.namespace(), info.name());
    String container = container(pod, info.name(), req.getParameter("container"));
    String nodeName = pod.path("spec").path("nodeName").asString("");
    if (nodeName.isEmpty()) throw ApiException.badRequest("pod " + info.name() + " does not have a host assigned");
    Served nodes = catalog.find("", "v1", "nodes").orElseThrow(() -> ApiException.internal("nodes are not served"));
    NodeEndpoint endpoint = NodeEndpoint.of(registry.get(nodes, null, nodeName));
    StringBuilder path = new StringBuilder("/containerLogs/").append(enc(info.namespace())).append('/')
        .append(enc(info.name())).append('/').append(enc(container));
    char sep = '?';
    for (String p : PASSED) {
      String v = req.getParameter(p);
      if (v == null) continue;
      path.append(sep).append(p).append('=').append(enc(v));
      sep = '&';
    }
    HttpResponse<InputStream> answer;
    try {
      answer = http.send(HttpRequest.newBuilder(endpoint.uri(path.toString())).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw ApiException.unavailable("cannot reach the node agent of " + nodeName + " at " + endpoint.host() + ":"
          + endpoint.port() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted reaching node " + nodeName);
    }
    try (InputStream in = answer.body()) {
      if (answer.statusCode() != 200) {
        String message = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        throw switch (answer.statusCode()) {
          case 400 -> ApiException.badRequest(message);
          case 404 -> ApiException.notFound("", "pods", info.name());
          case 403 -> ApiException.forbidden("node " + nodeName + " refused: " + message);
          default -> ApiException.internal("node " + nodeName + " answered " + answer.statusCode() + ": " + message);
        };
      }
      resp.setStatus(200);
      resp.setContentType("text/plain");
      OutputStream out = resp.getOutputStream();
      out.flush(); // headers now: a followed log may be quiet for a long time
      byte[] buf = new byte[8192];
      int n;
      // available() > 0 means more is buffered: flush only when the node pauses.
      while ((n = in.read(buf)) != -1) {
        out.write(buf, 0, n);
        if (in.available() == 0) out.flush();
      }
      out.flush();
    }
  }

  /** The named container, or the only one; as kube-apiserver, a choice is required among several. */
  static String container(JsonNode pod, String podName, String requested) {
    List<String> names = new ArrayList<>();
    for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (JsonNode c : pod.path("spec").path(field)) names.add(c.path("name").asString(""));
    }
    if (requested != null && !requested.isEmpty()) {
      if (!names.contains(requested)) {
        throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
      }
      return requested;
    }
    List<String> app = new ArrayList<>();
    for (JsonNode c : pod.path("spec").path("containers")) app.add(c.path("name").asString(""));
    if (app.size() == 1) return app.get(0);
    throw ApiException.badRequest("a container name must be specified for pod " + podName + ", choose one of: "
        + app.toString().replace(",", ""));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
