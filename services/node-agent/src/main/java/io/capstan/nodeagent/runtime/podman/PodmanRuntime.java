package io.capstan.nodeagent.runtime.podman;

import io.capstan.nodeagent.logs.CriLogReader;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.ContainerStats;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.PodConnection;
import io.capstan.nodeagent.runtime.ProcessStreams;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import io.capstan.nodeagent.runtime.podman.PodmanHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Pods as Podman pods through the libpod REST API (Podman 4.3; see docs/podman-recipe.md for the
 * traps it works around: containers are started and stopped one by one, never the infra alone,
 * the agent counts restarts itself, a pod's IP is read from its network entry).
 */
public final class PodmanRuntime implements ContainerRuntime {

  /** The pod network: a bridge and subnet of the project's own. */
  public record Network(String name, String bridge, String subnet, String gateway) {}

  /** conmon's writer of the CRI log format (the kubelet's log files). */
  private static final String LOG_DRIVER = "k8s-file";
  /** conmon's control message "reopen the log files" (type 2; the two numbers are a resize's, unused). */
  private static final byte[] REOPEN_LOGS = "2 0 0\n".getBytes(StandardCharsets.US_ASCII);
  private static final Duration LOG_REOPEN_WAIT = Duration.ofSeconds(2);

  private final PodmanHttp http;
  private final Path socket;
  private final Network network;
  private final String node;
  private final KernelOomLog oomLog = KernelOomLog.shared();
  private final Map<String, Infra> infraCache = new ConcurrentHashMap<>();
  /** The host's static busybox, whose nc port-forwarding runs inside a pod's network namespace. */
  private volatile Path busybox = BusyboxImage.HOST_BUSYBOX;

  public PodmanRuntime(Path socket, Network network, String node) {
    this.http = new PodmanHttp(socket);
    this.socket = socket;
    this.network = network;
    this.node = node;
  }

  /** Where the host's static busybox is (default {@link BusyboxImage#HOST_BUSYBOX}). */
  public PodmanRuntime withBusybox(Path busybox) {
    this.busybox = busybox;
    return this;
  }

  public Network network() {
    return network;
  }

  @Override
  public String name() {
    return "podman";
  }

  @Override
  public String version() {
    return http.get(http.url("version").build()).ok().json().path("Version").asString("unknown");
  }

  @Override
  public void prepare() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", network.name());
    body.put("driver", "bridge");
    body.put("network_interface", network.bridge());
    body.put("subnets", List.of(Map.of("subnet", network.subnet(), "gateway", network.gateway())));
    body.put("dns_enabled", false);
    body.put("labels", Map.of("capstan.io/managed", "true"));
    Reply r = http.post(http.url("networks/create").build(), body);
    if (r.code() == 409) return; // exists
    r.ok();
  }

  /** Removes the pod network (tests; a node keeps it). */
  public void removeNetwork() {
    http.delete(http.url("networks/" + network.name()).build()).ok(200, 204, 404);
  }

  @Override
  public Sandbox runSandbox(SandboxSpec spec) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", spec.name());
    body.put("hostname", spec.hostname());
    body.put("labels", withNode(spec.labels()));
    body.put("netns", Map.of("nsmode", "bridge"));
    body.put("Networks", Map.of(network.name(), Map.of()));
    body.put("exit_policy", "continue");
    if (!spec.dnsServers().isEmpty()) body.put("dns_server", spec.dnsServers());
    if (!spec.dnsSearches().isEmpty()) body.put("dns_search", spec.dnsSearches());
    if (!spec.dnsOptions().isEmpty()) body.put("dns_option", spec.dnsOptions());
    Reply created = http.post(http.url("pods/create").build(), body);
    if (created.code() == 500 && created.cause().contains("already in use")) {
      // A half-made sandbox of an earlier attempt: start over.
      removeSandbox(spec.name());
      created = http.post(http.url("pods/create").build(), body);
    }
    String id = created.ok(201).json().path("Id").asString();
    // With no containers yet, starting the pod starts only its infra: the network namespace and IP.
    http.post(http.url("pods/" + id + "/start").build(), null).ok(200, 304);
    return inspectSandbox(id).orElseThrow(() -> new RuntimeError("pod " + spec.name() + " vanished", 404));
  }

  private Optional<Sandbox> inspectSandbox(String podId) {
    Reply r = http.get(http.url("pods/" + podId + "/json").build());
    if (r.missing()) return Optional.empty();
    JsonNode pod = r.ok().json();
    String infra = pod.path("InfraContainerID").asString("");
    return Optional.of(sandbox(pod, infra.isEmpty() ? Infra.NONE : infra(infra)));
  }

  /**
   * A sandbox from a pod listing, which tells whether the infra container runs but not its IP or
   * PID: those are read once per infra container (they do not change while it runs) and kept.
   * Inspecting every sandbox on every pod sync was 2N+1 libpod calls per sync, which at 50 pods
   * kept Podman busy enough that pod start-up took minutes.
   */
  private Sandbox listed(JsonNode pod) {
    String infra = pod.path("InfraId").asString("");
    boolean running = false;
    for (JsonNode c : pod.path("Containers")) {
      if (infra.equals(c.path("Id").asString(""))) running = "running".equals(c.path("Status").asString(""));
    }
    if (!running) {
      infraCache.remove(infra);
      return sandbox(pod, Infra.NONE);
    }
    Infra known = infraCache.get(infra);
    if (known == null || !Files.isDirectory(Path.of("/proc", Integer.toString(known.pid())))) {
      known = infra(infra);
      if (known.ready()) infraCache.put(infra, known);
    }
    return sandbox(pod, known);
  }

  /** What a running infra container holds: the pod's IP and its PID (for /proc/PID/net). */
  private record Infra(String ip, int pid, boolean ready) {
    static final Infra NONE = new Infra("", 0, false);
  }

  private Infra infra(String infraId) {
    Reply ir = http.get(http.url("containers/" + infraId + "/json").build());
    if (ir.missing()) return Infra.NONE;
    JsonNode c = ir.ok().json();
    String ip = c.path("NetworkSettings").path("Networks").path(network.name()).path("IPAddress").asString("");
    return new Infra(ip, c.path("State").path("Pid").asInt(0), c.path("State").path("Running").asBoolean(false) && !ip.isEmpty());
  }

  private static Sandbox sandbox(JsonNode pod, Infra infra) {
    Map<String, String> labels = strings(pod.path("Labels"));
    return new Sandbox(pod.path("Id").asString(), pod.path("Name").asString(), labels.get(Labels.POD_UID),
        labels.get(Labels.POD_NAMESPACE), labels.get(Labels.POD_NAME), infra.ip(), infra.pid(), infra.ready());
  }

  @Override
  public List<Sandbox> listSandboxes() {
    List<Sandbox> out = new ArrayList<>();
    Set<String> infras = new HashSet<>();
    for (JsonNode p : listPods(Labels.NODE + "=" + node)) {
      out.add(listed(p));
      infras.add(p.path("InfraId").asString(""));
    }
    infraCache.keySet().retainAll(infras); // forget removed sandboxes
    return out;
  }

  @Override
  public Optional<Sandbox> sandboxOf(String podUid) {
    for (JsonNode p : listPods(Labels.POD_UID + "=" + podUid)) {
      if (node.equals(p.path("Labels").path(Labels.NODE).asString(""))) return Optional.of(listed(p));
    }
    return Optional.empty();
  }

  private JsonNode listPods(String label) {
    String filters = PodmanHttp.JSON.writeValueAsString(Map.of("label", List.of(label)));
    return http.get(http.url("pods/json").addQueryParameter("filters", filters).build()).ok().json();
  }

  @Override
  public void removeSandbox(String sandboxId) {
    http.delete(http.url("pods/" + sandboxId).addQueryParameter("force", "true")
        .addQueryParameter("timeout", "0").build()).okOrMissing(200);
  }

  @Override
  public String createContainer(Sandbox sandbox, ContainerSpec spec) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", spec.name());
    body.put("pod", sandbox.id());
    body.put("image", spec.image());
    if (spec.entrypoint() != null) body.put("entrypoint", spec.entrypoint());
    if (spec.command() != null) body.put("command", spec.command());
    body.put("env", spec.env());
    if (spec.workingDir() != null) body.put("work_dir", spec.workingDir());
    body.put("labels", withNode(spec.labels()));
    // catatonit as PID 1 forwards SIGTERM: busybox sh/sleep/httpd as PID 1 ignore it.
    body.put("init", true);
    body.put("stop_timeout", spec.stopTimeoutSeconds());
    if (spec.user() != null) body.put("user", spec.user());
    if (spec.stdin()) body.put("stdin", true);
    if (spec.tty()) body.put("terminal", true);
    List<Map<String, Object>> mounts = new ArrayList<>();
    for (ContainerSpec.Mount m : spec.mounts()) {
      mounts.add(Map.of("destination", m.destination(), "source", m.source(), "type", "bind",
          "options", List.of("rbind", m.readOnly() ? "ro" : "rw")));
    }
    body.put("mounts", mounts);
    Map<String, Object> limits = new HashMap<>();
    if (spec.memoryLimit() > 0) limits.put("memory", Map.of("limit", spec.memoryLimit(), "swap", spec.memoryLimit()));
    Map<String, Object> cpu = new HashMap<>();
    if (spec.cpuQuota() > 0) {
      cpu.put("quota", spec.cpuQuota());
      cpu.put("period", spec.cpuPeriod());
    }
    if (spec.cpuShares() > 0) cpu.put("shares", spec.cpuShares());
    if (!cpu.isEmpty()) limits.put("cpu", cpu);
    if (!limits.isEmpty()) body.put("resource_limits", limits);
    body.put("healthconfig", Map.of("Test", List.of("NONE")));
    // The CRI log format, which the agent reads itself to serve kubectl logs.
    body.put("log_configuration", Map.of("driver", LOG_DRIVER));
    Reply r = http.post(http.url("containers/create").build(), body);
    if (r.code() == 500 && r.cause().contains("already in use")) {
      removeContainer(spec.name());
      r = http.post(http.url("containers/create").build(), body);
    }
    return r.ok(201).json().path("Id").asString();
  }

  @Override
  public void startContainer(String containerId) {
    http.post(http.url("containers/" + containerId + "/start").build(), null).ok(204, 304);
  }

  @Override
  public void stopContainer(String containerId, Duration grace) {
    long seconds = Math.max(0, grace.toSeconds());
    http.post(http.url("containers/" + containerId + "/stop").addQueryParameter("timeout", Long.toString(seconds))
        .build(), null, grace.plusSeconds(30)).okOrMissing(204, 304);
  }

  @Override
  public void removeContainer(String containerId) {
    oomLog.forget(containerId);
    http.delete(http.url("containers/" + containerId).addQueryParameter("force", "true")
        .addQueryParameter("timeout", "0").build()).okOrMissing(200);
  }

  @Override
  public List<RuntimeContainer> listContainers(String podUid) {
    String label = podUid == null ? Labels.NODE + "=" + node : Labels.POD_UID + "=" + podUid;
    String filters = PodmanHttp.JSON.writeValueAsString(Map.of("label", List.of(label)));
    JsonNode list = http.get(http.url("containers/json").addQueryParameter("all", "true")
        .addQueryParameter("filters", filters).build()).ok().json();
    List<RuntimeContainer> out = new ArrayList<>();
    for (JsonNode c : list) {
      if (c.path("IsInfra").asBoolean(false)) continue;
      Map<String, String> labels = strings(c.path("Labels"));
      if (!labels.containsKey(Labels.CONTAINER_NAME)) continue;
      String state = c.path("State").asString("");
      RuntimeContainer.State s = switch (state) {
        case "running", "paused", "stopping" -> RuntimeContainer.State.RUNNING;
        case "created", "configured", "initialized" -> RuntimeContainer.State.CREATED;
        default -> RuntimeContainer.State.EXITED; // exited, stopped, dead
      };
      out.add(new RuntimeContainer(c.path("Id").asString(), c.path("Names").path(0).asString(""), labels, s,
          c.path("ExitCode").asInt(0), time(c.path("StartedAt").asLong(0)),
          s == RuntimeContainer.State.EXITED ? time(c.path("ExitedAt").asLong(0)) : null,
          c.path("Image").asString(""), c.path("ImageID").asString("")));
    }
    return out;
  }

  private static Instant time(long unixSeconds) {
    return unixSeconds <= 0 ? null : Instant.ofEpochSecond(unixSeconds);
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Duration timeout) {
    Map<String, Object> body = Map.of("AttachStdout", true, "AttachStderr", true, "Cmd", command);
    Reply created = http.post(http.url("containers/" + containerId + "/exec").build(), body);
    String execId = created.ok(201).json().path("Id").asString();
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode info;
    byte[] output;
    try (PodmanHttp.Stream stream = http.stream(http.url("exec/" + execId + "/start").build(),
        Map.of("Detach", false, "Tty", false))) {
      while (true) {
        boolean ended = stream.awaitEnd(Duration.ofMillis(50));
        info = http.get(http.url("exec/" + execId + "/json").build()).ok().json();
        if (!info.path("Running").asBoolean(false) && (ended || info.has("ExitCode"))) {
          stream.awaitEnd(Duration.ofMillis(200)); // the last output still in flight
          break;
        }
        if (System.nanoTime() > deadline) {
          // kubelet's wording, which operators grep their events for
          throw new RuntimeError("command timed out: \"" + String.join(" ", command) + "\" timed out after "
              + timeout.toSeconds() + "s", 0);
        }
      }
      output = stream.bytes();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeError("interrupted exec " + command, e);
    }
    return new ExecResult(info.path("ExitCode").asInt(-1), PodmanHttp.demux(output));
  }

  @Override
  public ProcessStreams execStreaming(String containerId, List<String> command, ProcessStreams.Options o) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("AttachStdin", o.stdin());
    body.put("AttachStdout", o.stdout());
    body.put("AttachStderr", o.stderr() && !o.tty());
    body.put("Tty", o.tty());
    body.put("Cmd", command);
    String execId = http.post(http.url("containers/" + containerId + "/exec").build(), body).ok(201).json()
        .path("Id").asString();
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("Detach", false);
    start.put("Tty", o.tty());
    if (o.tty()) {
      // Without a size Podman gives the TTY 0x0; kubectl sends the real one right after connecting.
      start.put("h", o.height() > 0 ? o.height() : 24);
      start.put("w", o.width() > 0 ? o.width() : 80);
    }
    HijackedStream stream = HijackedStream.open(socket, "/v4.0.0/libpod/exec/" + execId + "/start",
        PodmanHttp.JSON.writeValueAsString(start));
    return new PodmanProcessStreams(stream, o.tty(), new PodmanProcessStreams.Process() {
      @Override
      public boolean running() {
        return execInfo(execId).path("Running").asBoolean(false);
      }

      @Override
      public Integer exitCode() {
        JsonNode info = PodmanProcessStreams.settle(() -> !running(), () -> execInfo(execId));
        return info.path("Running").asBoolean(false) ? null : info.path("ExitCode").asInt(-1);
      }

      @Override
      public void resize(int width, int height) {
        http.post(http.url("exec/" + execId + "/resize").addQueryParameter("h", Integer.toString(height))
            .addQueryParameter("w", Integer.toString(width)).build(), null).ok(200, 201, 204);
      }
    });
  }

  private JsonNode execInfo(String execId) {
    return http.get(http.url("exec/" + execId + "/json").build()).ok().json();
  }

  @Override
  public ProcessStreams attach(String containerId, ProcessStreams.Options o) {
    String query = "?stream=true&logs=false&stdin=" + o.stdin() + "&stdout=" + o.stdout() + "&stderr="
        + (o.stderr() && !o.tty());
    HijackedStream stream = HijackedStream.open(socket, "/v4.0.0/libpod/containers/" + containerId + "/attach" + query,
        "");
    return new PodmanProcessStreams(stream, o.tty(), new PodmanProcessStreams.Process() {
      @Override
      public boolean running() {
        return PodmanRuntime.this.running(containerId);
      }

      @Override
      public Integer exitCode() {
        return null; // as the kubelet's attach: the stream ends, the container's exit is its status's business
      }

      @Override
      public void resize(int width, int height) {
        http.post(http.url("containers/" + containerId + "/resize").addQueryParameter("h", Integer.toString(height))
            .addQueryParameter("w", Integer.toString(width)).build(), null).ok(200, 201, 204);
      }
    });
  }

  @Override
  public List<ContainerStats> stats(List<String> containerIds) {
    if (containerIds.isEmpty()) return List.of();
    var url = http.url("containers/stats").addQueryParameter("stream", "false");
    for (String id : containerIds) url.addQueryParameter("containers", id);
    Reply r = http.get(url.build());
    if (r.code() == 404 || r.code() == 500) return List.of(); // a container exited between listing and sampling
    List<ContainerStats> out = new ArrayList<>();
    for (JsonNode s : r.ok().json().path("Stats")) {
      String id = s.path("ContainerID").asString("");
      long usage = s.path("MemUsage").asLong(0);
      out.add(new ContainerStats(id, s.path("CPUNano").asLong(0), usage,
          Math.max(0, usage - CgroupMemory.inactiveFile(id))));
    }
    return out;
  }

  @Override
  public boolean oomKilled(String containerId) {
    return oomLog.killedIn(containerId);
  }

  @Override
  public Optional<String> imageId(String image) {
    Reply r = http.get(http.url("images/" + image + "/json").build());
    if (r.code() == 404) return Optional.empty();
    return Optional.of(r.ok().json().path("Id").asString());
  }

  @Override
  public void pullImage(String image, Duration timeout) {
    Reply r = http.post(http.url("images/pull").addQueryParameter("reference", image)
        .addQueryParameter("quiet", "true").build(), null, timeout);
    r.ok();
    // The pull endpoint streams JSON lines; a failure is reported in an "error" field with 200.
    for (String line : r.text().split("\n")) {
      if (line.isBlank()) continue;
      JsonNode n = PodmanHttp.JSON.readTree(line);
      if (n.hasNonNull("error") && !n.path("error").asString("").isEmpty()) {
        throw new RuntimeError("pull " + image + ": " + n.path("error").asString(), 0);
      }
    }
  }

  /** Adds {@code reference} to the image {@code image} names. */
  public void tagImage(String image, String reference) {
    new PodmanImages(socket).tag(image, reference);
  }

  /** Imports a root filesystem tar as an image (no registry needed). */
  public String importImage(byte[] tar, String reference, List<String> changes) {
    var url = http.url("images/import").addQueryParameter("reference", reference);
    for (String c : changes) url.addQueryParameter("changes", c);
    return http.postBytes(url.build(), tar, "application/x-tar").ok().json().path("Id").asString();
  }

  @Override
  public String logs(String containerId, LogOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      streamLogs(containerId, options, false, out);
    } catch (IOException e) {
      throw new RuntimeError("read the log of " + containerId + ": " + e.getMessage(), e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Reads the container's log file itself, as the kubelet does, rather than Podman's logs API,
   * which stamps whole seconds and puts a timestamp before every piece of a partial line.
   */
  @Override
  public void streamLogs(String containerId, LogOptions options, boolean follow, OutputStream out) throws IOException {
    new CriLogReader(logPath(containerId), options).copyTo(out, follow, () -> running(containerId));
  }

  /** The k8s-file log every container of ours writes (see {@link #createContainer}). */
  private Path logPath(String containerId) {
    return logPath(containerId, http.get(http.url("containers/" + containerId + "/json").build()).ok().json());
  }

  private static Path logPath(String containerId, JsonNode inspected) {
    JsonNode logConfig = inspected.path("HostConfig").path("LogConfig");
    String driver = logConfig.path("Type").asString("");
    if (!driver.equals(LOG_DRIVER)) {
      throw new RuntimeError("container " + containerId + " logs with driver \"" + driver + "\"; the node agent reads "
          + LOG_DRIVER + " logs only", 0);
    }
    return Path.of(logConfig.path("Path").asString());
  }

  @Override
  public Optional<Path> logFile(String containerId) {
    return Optional.of(logPath(containerId));
  }

  /**
   * Asks the container's conmon, through the control FIFO in its bundle directory, to reopen its
   * log files (conmon's message type 2, what CRI-O's ReopenContainerLog sends); libpod has no
   * call for it. The FIFO is opened read-write, which on Linux never blocks even when no conmon
   * reads it any more; whether conmon did is told by the new file appearing.
   */
  @Override
  public void reopenContainerLog(String containerId) {
    JsonNode inspected = http.get(http.url("containers/" + containerId + "/json").build()).ok().json();
    if (!inspected.path("State").path("Running").asBoolean(false)) {
      throw new RuntimeError("container " + containerId + " is not running", 0);
    }
    Path log = logPath(containerId, inspected);
    Path control = Path.of(inspected.path("StaticDir").asString()).resolve("ctl");
    try (FileChannel fifo = FileChannel.open(control, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      fifo.write(ByteBuffer.wrap(REOPEN_LOGS));
    } catch (IOException e) {
      throw new RuntimeError("cannot ask conmon to reopen the log of " + containerId + " through " + control + ": " + e, e);
    }
    long deadline = System.nanoTime() + LOG_REOPEN_WAIT.toNanos();
    while (!Files.exists(log)) {
      if (System.nanoTime() > deadline) {
        throw new RuntimeError("conmon did not reopen the log of " + containerId + " within " + LOG_REOPEN_WAIT.toMillis()
            + " ms", 0);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RuntimeError("interrupted waiting for the log of " + containerId + " to be reopened", e);
      }
    }
  }

  private boolean running(String containerId) {
    return http.get(http.url("containers/" + containerId + "/json").build()).okOrMissing(200).json().path("State")
        .path("Running").asBoolean(false);
  }

  /** Inside the pod's network namespace, as the kubelet; the pod's IP while its infra PID is unknown. */
  @Override
  public PodConnection connect(Sandbox sandbox, int port) throws IOException {
    if (sandbox.pid() <= 0) return ContainerRuntime.super.connect(sandbox, port);
    return NamespaceConnection.open(busybox, sandbox.pid(), port, sandbox.id());
  }

  @Override
  public boolean tcpListening(Sandbox sandbox, int port) {
    return ProcNet.listening(sandbox.pid(), sandbox.ip(), port);
  }

  private Map<String, String> withNode(Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put(Labels.NODE, node);
    return all;
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
    return out;
  }
}
