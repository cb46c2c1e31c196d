package io.capstan.nodeagent.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node API the apiserver proxies to (the kubelet's port 10250): for now
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with the kubelet's query parameters
 * ({@code follow}, {@code tailLines}, {@code sinceSeconds}, {@code timestamps}, {@code previous}).
 *
 * <p>Plain HTTP on the node's address, answering only connections from an address of this host
 * (the apiserver of a one-host cluster); pods, whose traffic arrives from their own IPs, get 403.
 * HTTPS with a serving certificate from the cluster CA and client-certificate authentication
 * of the apiserver replace this once nodes have credentials of their own.
 */
public final class NodeApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeApiServer.class);

  private final ContainerRuntime runtime;
  private final Function<String, Optional<Pod>> pods;
  private final HttpServer server;
  private final ExecutorService threads;

  /**
   * @param pods the agent's pods by {@code namespace/name}
   */
  public NodeApiServer(InetSocketAddress bind, ContainerRuntime runtime, Function<String, Optional<Pod>> pods)
      throws IOException {
    this.runtime = runtime;
    this.pods = pods;
    this.server = HttpServer.create(bind, 64);
    AtomicInteger n = new AtomicInteger();
    // A thread per request: followed logs hold theirs for as long as the client reads.
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "node-api-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/containerLogs/", this::containerLogs);
    server.createContext("/healthz", ex -> reply(ex, 200, "ok"));
  }

  public void start() {
    server.start();
    log.info("node API on http://{}:{}", server.getAddress().getHostString(), port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void containerLogs(HttpExchange ex) throws IOException {
    try (ex) {
      if (!fromThisHost(ex.getRemoteAddress().getAddress())) {
        reply(ex, 403, "the node API answers only this host");
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        reply(ex, 405, "method not allowed");
        return;
      }
      String[] parts = ex.getRequestURI().getPath().substring("/containerLogs/".length()).split("/");
      if (parts.length != 3) {
        reply(ex, 404, "expected /containerLogs/{namespace}/{pod}/{container}");
        return;
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      LogRequest request;
      try {
        request = LogRequest.parse(parts[0], parts[1], parts[2], q);
      } catch (IllegalArgumentException e) {
        reply(ex, 400, e.getMessage());
        return;
      }
      Optional<Pod> pod = pods.apply(request.namespace() + "/" + request.pod());
      if (pod.isEmpty()) {
        reply(ex, 404, "pod \"" + request.pod() + "\" not found on this node");
        return;
      }
      String uid = pod.get().getMetadata().getUid();
      List<RuntimeContainer> instances = runtime.listContainers(uid).stream()
          .filter(c -> request.container().equals(c.containerName()))
          .sorted(Comparator.comparingInt(RuntimeContainer::attempt).reversed())
          .toList();
      int index = request.previous() ? 1 : 0;
      if (instances.size() <= index) {
        reply(ex, 400, request.previous()
            ? "previous terminated container \"" + request.container() + "\" in pod \"" + request.pod() + "\" not found"
            : "container \"" + request.container() + "\" in pod \"" + request.pod() + "\" is waiting to start: ContainerCreating");
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, 0); // chunked: a followed log has no length
      OutputStream out = ex.getResponseBody();
      try {
        runtime.streamLogs(instances.get(index).id(), request.options(), request.follow() && !request.previous(), out);
      } catch (IOException e) {
        // The client went away (kubectl logs -f ended by Ctrl-C): nothing more to send.
        log.debug("log stream of {} ended: {}", request, e.toString());
      }
    }
  }

  static boolean fromThisHost(InetAddress remote) {
    if (remote.isLoopbackAddress()) return true;
    try {
      return NetworkInterface.getByInetAddress(remote) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) return q;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static void reply(HttpExchange ex, int code, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** One parsed {@code containerLogs} request. */
  record LogRequest(String namespace, String pod, String container, boolean follow, boolean previous,
      LogOptions options) {
    static LogRequest parse(String ns, String pod, String container, Map<String, String> q) {
      return new LogRequest(ns, pod, container, flag(q, "follow"), flag(q, "previous"),
          new LogOptions(number(q, "tailLines"), flag(q, "timestamps"),
              q.containsKey("sinceSeconds") ? (long) number(q, "sinceSeconds") : null));
    }

    private static boolean flag(Map<String, String> q, String name) {
      String v = q.get(name);
      return v != null && (v.isEmpty() || Boolean.parseBoolean(v));
    }

    private static Integer number(Map<String, String> q, String name) {
      String v = q.get(name);
      if (v == null) return null;
      try {
        int n = Integer.parseInt(v);
        if (n < 0) throw new IllegalArgumentException(name + " must not be negative");
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: " + v);
      }
    }
  }
}
