package io.capstan.apiserver.node;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}: like kube-apiserver's
 * upgrade-aware proxy, it finds the pod's node, replays the client's upgrade request to the node
 * agent ({@code /exec/{ns}/{pod}/{container}}, {@code /attach/..}, {@code /portForward/{ns}/{pod}})
 * and, once the agent answers {@code 101}, hands the client the same answer and copies bytes both
 * ways. The streaming protocol (WebSocket channels) is spoken end to end by kubectl and the agent.
 * A refusal before the upgrade becomes a Status, which kubectl prints.
 */
@Component
public class PodStreamProxy {
  /** Headers of the client's upgrade request that the agent needs to answer it. */
  private static final List<String> UPGRADE_HEADERS = List.of("Upgrade", "Connection", "Sec-WebSocket-Key",
      "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "X-Stream-Protocol-Version");
  private static final List<String> EXEC_PARAMS = List.of("command", "stdin", "stdout", "stderr", "tty");

  private final ResourceCatalog catalog;
  private final GenericRegistry registry;
  private final NodeApiClient nodeApi;

  public PodStreamProxy(ResourceCatalog catalog, GenericRegistry registry, NodeApiClient nodeApi) {
    this.catalog = catalog;
    this.registry = registry;
    this.nodeApi = nodeApi;
  }

  public void serve(HttpServletRequest req, HttpServletResponse resp, Served pods, RequestInfo info) throws IOException {
    String sub = info.subresource();
    if (!info.verb().equals("get") && !info.verb().equals("create")) {
      throw ApiException.methodNotSupported("", "pods/" + sub, info.verb());
    }
    ObjectNode pod = registry.get(pods, info.namespace(), info.name());
    String nodeName = pod.path("spec").path("nodeName").asString("");
    if (nodeName.isEmpty()) throw ApiException.badRequest("pod " + info.name() + " does not have a host assigned");
    String phase = pod.path("status").path("phase").asString("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      throw ApiException.badRequest("cannot " + (sub.equals("portforward") ? "port-forward to" : sub + " into")
          + " a container in a completed pod; current phase is " + phase);
    }
    if (!isUpgrade(req)) throw ApiException.badRequest("Upgrade request required");
    String path = sub.equals("portforward")
        ? "/portForward/" + enc(info.namespace()) + "/" + enc(info.name()) + query(req, List.of("port"))
        : "/" + sub + "/" + enc(info.namespace()) + "/" + enc(info.name()) + "/"
            + enc(PodLogProxy.container(pod, info.name(), req.getParameter("container"))) + query(req, EXEC_PARAMS);
    Served nodes = catalog.find("", "v1", "nodes").orElseThrow(() -> ApiException.internal("nodes are not served"));
    NodeEndpoint endpoint = NodeEndpoint.of(registry.get(nodes, null, nodeName));
    Socket agent = nodeApi.connect(endpoint, nodeName);
    try {
      Answer answer = replay(agent, req, endpoint, path);
      if (answer.code() != 101) {
        agent.close();
        throw refusal(answer, nodeName, info.name());
      }
      answer.headers().forEach(resp::setHeader);
      StreamTunnel tunnel;
      try {
        tunnel = req.upgrade(StreamTunnel.class);
      } catch (jakarta.servlet.ServletException e) {
        throw ApiException.internal("cannot upgrade the connection: " + e.getMessage());
      }
      tunnel.bind(agent);
    } catch (IOException | RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  static boolean isUpgrade(HttpServletRequest req) {
    String connection = req.getHeader("Connection");
    return req.getHeader("Upgrade") != null && connection != null
        && connection.toLowerCase(Locale.ROOT).contains("upgrade");
  }

  /** The agent's answer to the upgrade: its status, the headers to pass on, and a body if it refused. */
  record Answer(int code, Map<String, String> headers, String body) {}

  private static Answer replay(Socket agent, HttpServletRequest req, NodeEndpoint endpoint, String path)
      throws IOException {
    StringBuilder head = new StringBuilder(req.getMethod()).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(endpoint.host()).append(':').append(endpoint.port()).append("\r\n");
    for (String h : UPGRADE_HEADERS) {
      String v = req.getHeader(h);
      if (v != null) head.append(h).append(": ").append(v).append("\r\n");
    }
    head.append("Content-Length: 0\r\n\r\n");
    OutputStream out = agent.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = agent.getInputStream();
    String status = line(in);
    if (status == null || status.split(" ").length < 2) throw new IOException("the node agent closed the connection");
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    int length = -1;
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon <= 0) continue;
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) length = Integer.parseInt(value);
      if (code == 101 && UPGRADE_HEADERS.stream().anyMatch(name::equalsIgnoreCase)
          || name.equalsIgnoreCase("Sec-WebSocket-Accept")) {
        headers.put(name, value);
      }
    }
    if (code == 101) {
      agent.setSoTimeout(0); // a session may be idle for as long as its user likes
      return new Answer(code, headers, "");
    }
    byte[] body = length >= 0 ? in.readNBytes(Math.min(length, 65536)) : in.readNBytes(65536);
    return new Answer(code, headers, new String(body, StandardCharsets.UTF_8).trim());
  }

  /** Reads one header line byte by byte, so no stream byte after the head is consumed. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (b.size() > 16384) throw new IOException("node agent header too long");
      b.write(c);
    }
    if (c == -1 && b.size() == 0) return null;
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static ApiException refusal(Answer answer, String nodeName, String podName) {
    return switch (answer.code()) {
      case 400 -> ApiException.badRequest(answer.body());
      case 404 -> ApiException.notFound("", "pods", podName);
      case 403 -> ApiException.forbidden("node " + nodeName + " refused: " + answer.body());
      default -> ApiException.internal("node " + nodeName + " answered " + answer.code() + ": " + answer.body());
    };
  }

  private static String query(HttpServletRequest req, List<String> names) {
    StringBuilder q = new StringBuilder();
    for (String name : names) {
      String[] values = req.getParameterValues(name);
      if (values == null) continue;
      for (String v : values) q.append(q.isEmpty() ? '?' : '&').append(enc(name)).append('=').append(enc(v));
    }
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
