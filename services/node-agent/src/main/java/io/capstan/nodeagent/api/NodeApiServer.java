package io.capstan.nodeagent.api;

import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import io.capstan.nodeagent.runtime.ProcessStreams;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.stats.StatsSummary;
import io.capstan.nodeagent.api.spdy.ByteTransport;
import io.capstan.nodeagent.api.spdy.SpdyConnection;
import io.capstan.nodeagent.tls.NodeApiTls;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node API the apiserver proxies to (the kubelet's port 10250):
 * <ul>
 *   <li>{@code GET /containerLogs/{namespace}/{pod}/{container}} with the kubelet's query
 *       parameters ({@code follow}, {@code tailLines}, {@code sinceSeconds}, {@code sinceTime},
 *       {@code timestamps}, {@code limitBytes}, {@code previous});
 *   <li>{@code /exec/{namespace}/{pod}/{container}?command=..&stdin&stdout&stderr&tty} and
 *       {@code /attach/{namespace}/{pod}/{container}}: WebSocket upgrades speaking {@link
 *       RemoteCommandSession the remote command protocol};
 *   <li>{@code /portForward/{namespace}/{pod}}: {@link PortForwardSession SPDY port-forwarding};
 *   <li>{@code GET /stats/summary}: {@link StatsSummary the Summary API}.
 * </ul>
 *
 * <p>HTTPS on the node's address with a certificate the cluster CA signed ({@link NodeApiTls});
 * callers authenticate with a client certificate and are authorized by a SubjectAccessReview
 * ({@link NodeApiAuthorizer}), as the kubelet's {@code --authorization-mode=Webhook}.
 */
public final class NodeApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeApiServer.class);
  private static final String TUNNELLED_PORT_FORWARD = "SPDY/3.1+" + PortForwardSession.PROTOCOL;

  private final ContainerRuntime runtime;
  private final Function<String, Optional<Pod>> pods;
  private final NodeHttpServer server;
  private final StatsSummary stats;
  private final NodeApiTls tls;
  private final NodeApiAuthorizer authorizer;
  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

  /**
   * @param pods the agent's pods by {@code namespace/name}
   * @param tls the serving certificate and client CAs; {@link #start()} needs a certificate in it
   * @param authorizer decides what each authenticated caller may do
   */
  public NodeApiServer(InetSocketAddress bind, ContainerRuntime runtime, Function<String, Optional<Pod>> pods,
      NodeApiTls tls, NodeApiAuthorizer authorizer) throws IOException {
    this(bind, runtime, pods, new StatsSummary("node", runtime), tls, authorizer);
  }

  /** Binds the port at once (so it can be published before the serving certificate exists); serves from {@link #start()}. */
  public NodeApiServer(InetSocketAddress bind, ContainerRuntime runtime, Function<String, Optional<Pod>> pods,
      StatsSummary stats, NodeApiTls tls, NodeApiAuthorizer authorizer) throws IOException {
    this.runtime = runtime;
    this.pods = pods;
    this.stats = stats;
    this.tls = tls;
    this.authorizer = authorizer;
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(bind, 64);
    this.server = new NodeHttpServer(listener, tls, this::route);
  }

  public void start() {
    if (!tls.ready()) throw new IllegalStateException("the node API has no serving certificate");
    server.start();
    log.info("node API on port {}", port());
  }

  public int port() {
    return server.port();
  }

  private void route(NodeRequest r) throws IOException {
    if (!permitted(r)) return;
    String[] parts = r.path.split("/");
    String first = parts.length > 1 ? parts[1] : "";
    try {
      switch (first) {
        case "healthz" -> r.reply(200, "ok");
        case "containerLogs" -> containerLogs(r, parts);
        case "exec", "attach" -> remoteCommand(r, parts, first.equals("exec"));
        case "portForward" -> portForward(r, parts);
        case "stats" -> statsSummary(r, parts);
        default -> r.reply(404, "404 page not found");
      }
    } catch (RuntimeError e) {
      if (r.answered()) throw e;
      r.reply(500, e.getMessage());
    }
  }

  private void containerLogs(NodeRequest r, String[] parts) throws IOException {
    if (!"GET".equals(r.method)) {
      r.reply(405, "method not allowed");
      return;
    }
    if (parts.length != 5) {
      r.reply(404, "expected /containerLogs/{namespace}/{pod}/{container}");
      return;
    }
    LogRequest request;
    try {
      request = LogRequest.parse(parts[2], parts[3], parts[4], r.firstParams(), Instant.now());
    } catch (IllegalArgumentException e) {
      r.reply(400, e.getMessage());
      return;
    }
    Optional<List<RuntimeContainer>> instances = instances(r, request.namespace(), request.pod(), request.container());
    if (instances.isEmpty()) return;
    int index = request.previous() ? 1 : 0;
    if (instances.get().size() <= index) {
      r.reply(400, request.previous()
          ? "previous terminated container \"" + request.container() + "\" in pod \"" + request.pod() + "\" not found"
          : "container \"" + request.container() + "\" in pod \"" + request.pod() + "\" is waiting to start: ContainerCreating");
      return;
    }
    OutputStream out = r.stream(200, "text/plain");
    try {
      runtime.streamLogs(instances.get().get(index).id(), request.options(), request.follow() && !request.previous(), out);
    } catch (IOException e) {
      // The client went away (kubectl logs -f ended by Ctrl-C): nothing more to send.
      log.debug("log stream of {} ended: {}", request, e.toString());
    }
  }

  /** exec or attach: checks the request, starts the process, then upgrades to WebSocket. */
  private void remoteCommand(NodeRequest r, String[] parts, boolean exec) throws IOException {
    if (parts.length != 5) {
      r.reply(404, "expected /" + parts[1] + "/{namespace}/{pod}/{container}");
      return;
    }
    ProcessStreams.Options options = new ProcessStreams.Options(r.flag("stdin"), r.flag("stdout"),
        r.flag("stderr"), r.flag("tty"), 0, 0);
    List<String> command = r.params("command");
    if (exec && command.isEmpty()) {
      r.reply(400, "you must specify at least one command for the container");
      return;
    }
    if (!options.stdin() && !options.stdout() && !options.stderr()) {
      r.reply(400, "you must specify at least 1 of stdin, stdout, stderr");
      return;
    }
    if (!WebSocket.requested(r)) {
      r.reply(400, "Upgrade request required: the node API streams over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io)");
      return;
    }
    String protocol = WebSocket.choose(r, RemoteCommandSession.PROTOCOLS);
    if (protocol == null) {
      r.reply(400, "unsupported WebSocket subprotocol " + r.header("Sec-WebSocket-Protocol") + "; supported: "
          + RemoteCommandSession.PROTOCOLS);
      return;
    }
    Optional<List<RuntimeContainer>> instances = instances(r, parts[2], parts[3], parts[4]);
    if (instances.isEmpty()) return;
    RuntimeContainer current = instances.get().isEmpty() ? null : instances.get().get(0);
    if (current == null || !current.running()) {
      r.reply(400, "container " + parts[4] + " is not running in pod " + parts[3]);
      return;
    }
    ProcessStreams process = exec ? runtime.execStreaming(current.id(), command, options)
        : runtime.attach(current.id(), options);
    WebSocket ws;
    try {
      ws = WebSocket.accept(r, protocol);
    } catch (IOException e) {
      process.close();
      throw e;
    }
    new RemoteCommandSession(ws, r.socket(), process).run();
  }

  /**
   * port-forward: SPDY/3.1 either tunnelled in WebSocket ({@code SPDY/3.1+portforward.k8s.io},
   * kubectl 1.31+) or on the upgraded connection itself ({@code Upgrade: SPDY/3.1}, older kubectl).
   */
  private void portForward(NodeRequest r, String[] parts) throws IOException {
    if (parts.length != 4) {
      r.reply(404, "expected /portForward/{namespace}/{pod}");
      return;
    }
    Optional<Pod> pod = pods.apply(parts[2] + "/" + parts[3]);
    if (pod.isEmpty()) {
      r.reply(404, "pod \"" + parts[3] + "\" not found on this node");
      return;
    }
    String uid = pod.get().getMetadata().getUid();
    Optional<Sandbox> sandbox = runtime.sandboxOf(uid).filter(Sandbox::ready);
    if (sandbox.isEmpty() || sandbox.get().ip() == null || sandbox.get().ip().isEmpty()) {
      r.reply(400, "pod " + parts[3] + " has no running sandbox to forward to");
      return;
    }
    ByteTransport transport;
    if (WebSocket.requested(r)) {
      String protocol = WebSocket.choose(r, List.of(TUNNELLED_PORT_FORWARD));
      if (protocol == null) {
        r.reply(400, "unsupported WebSocket subprotocol " + r.header("Sec-WebSocket-Protocol") + "; supported: "
            + TUNNELLED_PORT_FORWARD);
        return;
      }
      transport = Transports.webSocket(WebSocket.accept(r, protocol), r.socket());
    } else if ("SPDY/3.1".equalsIgnoreCase(r.header("Upgrade"))) {
      String versions = r.header("X-Stream-Protocol-Version");
      if (versions == null || !List.of(versions.split("\\s*,\\s*")).contains(PortForwardSession.PROTOCOL)) {
        r.reply(400, "X-Stream-Protocol-Version must offer " + PortForwardSession.PROTOCOL);
        return;
      }
      r.head(101, Map.of("Connection", "Upgrade", "Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version",
          PortForwardSession.PROTOCOL));
      transport = Transports.socket(r.socket(), r.input(), r.output());
    } else {
      r.reply(400, "Upgrade request required");
      return;
    }
    Sandbox target = sandbox.get();
    new PortForwardSession(new SpdyConnection(transport), port -> runtime.connect(target, port), parts[3]).run();
  }

  /** {@code GET /stats/summary}: the Summary API, which the apiserver's metrics API reads. */
  private void statsSummary(NodeRequest r, String[] parts) throws IOException {
    if (parts.length != 3 || !parts[2].equals("summary")) {
      r.reply(404, "404 page not found");
      return;
    }
    try {
      r.reply(200, "application/json", JSON.writeValueAsBytes(stats.summary()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      r.reply(503, "interrupted");
    }
  }

  /** The container's runtime instances, newest first; empty (and answered 404) if the pod is not here. */
  private Optional<List<RuntimeContainer>> instances(NodeRequest r, String namespace, String podName, String container)
      throws IOException {
    Optional<Pod> pod = pods.apply(namespace + "/" + podName);
    if (pod.isEmpty()) {
      r.reply(404, "pod \"" + podName + "\" not found on this node");
      return Optional.empty();
    }
    String uid = pod.get().getMetadata().getUid();
    return Optional.of(runtime.listContainers(uid).stream()
        .filter(c -> container.equals(c.containerName()))
        .sorted(Comparator.comparingInt(RuntimeContainer::attempt).reversed())
        .toList());
  }

  /**
   * Authentication and authorization, the kubelet's way: no client certificate is {@code 401}, a
   * caller the apiserver does not allow this verb on {@code nodes/<subresource>} is {@code 403}.
   */
  private boolean permitted(NodeRequest r) throws IOException {
    Optional<Caller> caller = Caller.of(((SSLSocket) r.socket()).getSession());
    if (caller.isEmpty()) {
      r.reply(401, "Unauthorized");
      return false;
    }
    NodeApiAuthorizer.Attributes a = authorizer.attributes(caller.get(), r.method, r.path);
    String what = "user=" + a.user() + ", verb=" + a.verb() + ", resource=nodes, subresource=" + a.subresource();
    boolean allowed;
    try {
      allowed = authorizer.allowed(a);
    } catch (RuntimeException e) {
      log.warn("node API authorization of {} failed: {}", what, e.toString());
      r.reply(500, "Authorization error (" + what + ")");
      return false;
    }
    if (!allowed) r.reply(403, "Forbidden (" + what + ")");
    return allowed;
  }

  @Override
  public void close() {
    server.close();
  }

  /** One parsed {@code containerLogs} request. */
  record LogRequest(String namespace, String pod, String container, boolean follow, boolean previous,
      LogOptions options) {
    /**
     * Checks the query as kube-apiserver validates {@code PodLogOptions} and resolves {@code
     * sinceSeconds} against {@code now}; a bad value is an IllegalArgumentException.
     */
    static LogRequest parse(String ns, String pod, String container, Map<String, String> q, Instant now) {
      Long tailLines = number(q, "tailLines", 0);
      Long limitBytes = number(q, "limitBytes", 1);
      Long sinceSeconds = number(q, "sinceSeconds", 1);
      Instant sinceTime = time(q, "sinceTime");
      if (sinceSeconds != null && sinceTime != null) {
        throw new IllegalArgumentException("at most one of `sinceTime` or `sinceSeconds` may be specified");
      }
      Instant since = sinceSeconds != null ? now.minusSeconds(sinceSeconds) : sinceTime;
      return new LogRequest(ns, pod, container, flag(q, "follow"), flag(q, "previous"), new LogOptions(
          tailLines == null ? null : (int) Math.min(tailLines, Integer.MAX_VALUE), flag(q, "timestamps"), since,
          limitBytes));
    }

    private static boolean flag(Map<String, String> q, String name) {
      String v = q.get(name);
      return v != null && (v.isEmpty() || Boolean.parseBoolean(v));
    }

    private static Long number(Map<String, String> q, String name, long min) {
      String v = q.get(name);
      if (v == null) return null;
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: " + v);
      }
      if (n < min) {
        throw new IllegalArgumentException(name + ": Invalid value: " + n + ": must be greater than "
            + (min == 0 ? "or equal to 0" : Long.toString(min - 1)));
      }
      return n;
    }

    /** kubectl sends {@code sinceTime} as RFC 3339 in UTC, to the second. */
    private static Instant time(Map<String, String> q, String name) {
      String v = q.get(name);
      if (v == null) return null;
      try {
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(name + ": not an RFC 3339 time: " + v);
      }
    }
  }
}
