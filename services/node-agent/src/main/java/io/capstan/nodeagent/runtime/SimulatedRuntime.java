package io.capstan.nodeagent.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * No containers at all: sandboxes get fake IPs and containers run at once and forever (until
 * stopped), so one JVM can host many node agents for scale tests. Unit tests extend it (a fake
 * that scripts exits) through {@link #exitOnStart}.
 */
public class SimulatedRuntime implements ContainerRuntime {

  private final Clock clock;
  private final AtomicInteger ids = new AtomicInteger();
  private final int subnetPrefix;
  protected final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
  protected final Map<String, RuntimeContainer> containers = new LinkedHashMap<>();
  private final Map<String, String> sandboxOf = new HashMap<>();

  public SimulatedRuntime(Clock clock) {
    this(clock, 10);
  }

  /** @param subnetPrefix fake pod IPs are {@code <prefix>.x.y.z}, so simulated nodes differ */
  public SimulatedRuntime(Clock clock, int subnetPrefix) {
    this.clock = clock;
    this.subnetPrefix = subnetPrefix;
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public void prepare() {}

  @Override
  public synchronized Sandbox runSandbox(SandboxSpec spec) {
    int n = ids.incrementAndGet();
    String ip = subnetPrefix + "." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    Sandbox sb = new Sandbox("sb-" + n, spec.name(), spec.labels().get(Labels.POD_UID),
        spec.labels().get(Labels.POD_NAMESPACE), spec.labels().get(Labels.POD_NAME), ip, 0, true);
    sandboxes.put(sb.id(), sb);
    return sb;
  }

  @Override
  public synchronized List<Sandbox> listSandboxes() {
    return new ArrayList<>(sandboxes.values());
  }

  @Override
  public synchronized void removeSandbox(String sandboxId) {
    sandboxes.remove(sandboxId);
    containers.values().removeIf(c -> sandboxId.equals(sandboxOf.get(c.id())));
  }

  @Override
  public synchronized String createContainer(Sandbox sandbox, ContainerSpec spec) {
    if (!sandboxes.containsKey(sandbox.id())) throw new RuntimeError("no such pod " + sandbox.id(), 500);
    String id = "c-" + ids.incrementAndGet();
    containers.put(id, new RuntimeContainer(id, spec.name(), Map.copyOf(spec.labels()), RuntimeContainer.State.CREATED,
        0, null, null, spec.image(), "sha256:simulated"));
    sandboxOf.put(id, sandbox.id());
    specs.put(id, spec);
    return id;
  }

  private final Map<String, ContainerSpec> specs = new HashMap<>();

  /** A fake's hook: the exit code a container has right after it starts, or null to keep running. */
  protected Integer exitOnStart(ContainerSpec spec) {
    return null;
  }

  @Override
  public synchronized void startContainer(String containerId) {
    RuntimeContainer c = get(containerId);
    Instant now = clock.instant();
    Integer exit = exitOnStart(specs.get(containerId));
    containers.put(containerId, exit == null
        ? new RuntimeContainer(c.id(), c.name(), c.labels(), RuntimeContainer.State.RUNNING, 0, now, null, c.image(), c.imageId())
        : new RuntimeContainer(c.id(), c.name(), c.labels(), RuntimeContainer.State.EXITED, exit, now, now, c.image(), c.imageId()));
  }

  /** Ends a running container with {@code exitCode} now. */
  public synchronized void exit(String containerId, int exitCode) {
    RuntimeContainer c = get(containerId);
    if (c.state() == RuntimeContainer.State.EXITED) return;
    containers.put(containerId, new RuntimeContainer(c.id(), c.name(), c.labels(), RuntimeContainer.State.EXITED,
        exitCode, c.startedAt(), clock.instant(), c.image(), c.imageId()));
  }

  @Override
  public void stopContainer(String containerId, Duration grace) {
    synchronized (this) {
      if (!containers.containsKey(containerId)) return;
    }
    exit(containerId, 143);
  }

  @Override
  public synchronized void removeContainer(String containerId) {
    containers.remove(containerId);
  }

  @Override
  public synchronized List<RuntimeContainer> listContainers(String podUid) {
    List<RuntimeContainer> out = new ArrayList<>();
    for (RuntimeContainer c : containers.values()) if (podUid == null || podUid.equals(c.podUid())) out.add(c);
    return out;
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Duration timeout) {
    return new ExecResult(0, "");
  }

  /** Images a test declares absent (every other image is present). */
  public final java.util.Set<String> missingImages = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Images present here whose registry a test declares unreachable: pulling them fails. */
  public final java.util.Set<String> unreachableImages = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Every pull asked for, in order. */
  public final List<String> pulls = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.Set<String> oomKilled = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Ends a running container as the kernel's OOM killer would (SIGKILL, 137). */
  public void oomKill(String containerId) {
    oomKilled.add(containerId);
    exit(containerId, 137);
  }

  @Override
  public boolean oomKilled(String containerId) {
    return oomKilled.contains(containerId);
  }

  @Override
  public Optional<String> imageId(String image) {
    return missingImages.contains(image) ? Optional.empty() : Optional.of("sha256:simulated");
  }

  @Override
  public void pullImage(String image, Duration timeout) {
    pulls.add(image);
    if (unreachableImages.contains(image)) throw new RuntimeError("pull " + image + ": registry unreachable in a simulation", 0);
    if (missingImages.contains(image)) throw new RuntimeError("pull " + image + ": no registry in a simulation", 0);
  }

  @Override
  public String logs(String containerId, LogOptions options) {
    return "";
  }

  @Override
  public boolean tcpListening(Sandbox sandbox, int port) {
    return true;
  }

  private RuntimeContainer get(String id) {
    RuntimeContainer c = containers.get(id);
    if (c == null) throw new RuntimeError("no such container " + id, 404);
    return c;
  }
}
