package io.capstan.nodeagent.pod;

import io.capstan.nodeagent.event.PodEvents;
import io.capstan.nodeagent.probe.ProbeManager;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.Labels;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import io.capstan.nodeagent.volume.VolumeManager;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one pod: sandbox, volumes, init containers in order, app containers under the restart
 * policy with crash back-off, liveness restarts; then writes the status if it changed. Must be
 * idempotent (it runs on every event, probe flip and relist) and is never run concurrently for
 * the same pod (the work queue guarantees it). Graceful termination runs on its own executor so
 * a long grace period does not hold a sync worker.
 */
public final class PodSyncer {
  private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);
  /**
   * How often a live pod is looked at even without events (configMap and secret updates, token
   * refresh). Container exits need no polling: {@link RuntimeRelist} reports them within a second.
   */
  public static final Duration RESYNC = Duration.ofSeconds(30);
  /** How soon a pod whose volume could not be made (its configMap or secret missing) tries again. */
  static final Duration VOLUME_RETRY = Duration.ofSeconds(5);

  private final ContainerRuntime runtime;
  private final ClusterObjects objects;
  private final VolumeManager volumes;
  private final ContainerSpecs specs;
  private final ProbeManager probes;
  private final BackOff backOff;
  private final Clock clock;
  private final String hostIp;
  private final ExecutorService terminations;
  private final Consumer<String> requeue;
  private final PodStatusComputer statuses;
  private final PodEvents events;

  private final Map<String, Map<String, PodView.Waiting>> waiting = new ConcurrentHashMap<>();
  private final Map<String, String> startFailures = new ConcurrentHashMap<>();
  private final Map<String, PodStatus> written = new ConcurrentHashMap<>();
  private final Set<String> terminating = ConcurrentHashMap.newKeySet();
  /** When each container's last image pull failed, by {@code uid/pull/container}. */
  private final Map<String, Instant> pullFailedAt = new ConcurrentHashMap<>();
  private volatile PodDnsConfig dnsConfig = PodDnsConfig.NONE;

  public PodSyncer(ContainerRuntime runtime, ClusterObjects objects, VolumeManager volumes, ContainerSpecs specs,
      ProbeManager probes, BackOff backOff, Clock clock, String hostIp, ExecutorService terminations,
      Consumer<String> requeue, PodEvents events) {
    this.events = events;
    this.runtime = runtime;
    this.objects = objects;
    this.volumes = volumes;
    this.specs = specs;
    this.probes = probes;
    this.backOff = backOff;
    this.clock = clock;
    this.hostIp = hostIp;
    this.terminations = terminations;
    this.requeue = requeue;
    this.statuses = new PodStatusComputer(runtime.name(), probes, runtime::oomKilled);
  }

  /** Sets how pods' resolv.conf is written (before the first sync; default: no cluster DNS). */
  public PodSyncer withDns(PodDnsConfig dns) {
    this.dnsConfig = dns;
    return this;
  }

  /** @return when to sync this pod again without an event (null: only on events and relists) */
  public Duration sync(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(pod);
      return null;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) return null; // terminal pods never run again

    Sandbox sb = runtime.sandboxOf(uid).orElse(null);
    if (sb == null || !sb.ready()) {
      if (sb != null) {
        log.info("sandbox of {} lost its infra container: recreating the pod", key(pod));
        runtime.removeSandbox(sb.id());
      }
      sb = createSandbox(pod);
    }
    Map<String, PodView.Waiting> wait = waiting.computeIfAbsent(uid, k -> new ConcurrentHashMap<>());
    Map<String, Path> vols;
    try {
      vols = volumes.sync(pod, sb.ip(), hostIp);
    } catch (VolumeManager.VolumeNotReady | IOException e) {
      events.record(target(pod), PodEvents.WARNING, "FailedMount", "MountVolume.SetUp failed: " + e.getMessage());
      for (Container c : allContainers(pod)) wait.put(c.getName(), new PodView.Waiting("ContainerCreating", e.getMessage()));
      writeStatus(pod, view(pod, sb, wait, false, false));
      return VOLUME_RETRY;
    }

    Duration next = RESYNC;
    boolean initDone = true;
    boolean failed = false;
    PodView view = view(pod, sb, wait, false, false);
    String policy = PodStatusComputer.restartPolicy(pod);
    for (Container c : nullSafe(pod.getSpec().getInitContainers())) {
      RuntimeContainer latest = view.latest(c.getName());
      if (latest != null && view.finished(latest) && view.exitCode(latest) == 0) continue;
      initDone = false;
      if (latest == null) {
        start(pod, sb, c, true, 0, vols, wait);
      } else if (latest.state() == RuntimeContainer.State.CREATED && !view.finished(latest)) {
        startExisting(latest, wait, c, target(pod).container(c.getName(), true));
      } else if (view.finished(latest)) {
        if ("Never".equals(policy)) failed = true;
        else next = min(next, restart(pod, sb, c, true, latest, vols, wait, view));
      }
      next = min(next, Duration.ofSeconds(1));
      break;
    }
    if (initDone) {
      for (Container c : pod.getSpec().getContainers()) {
        RuntimeContainer latest = view.latest(c.getName());
        if (latest == null) {
          start(pod, sb, c, false, 0, vols, wait);
        } else if (latest.running()) {
          if (probes.mustRestart(latest.id())) {
            log.info("container {} of {} failed its liveness probe: restarting", c.getName(), key(pod));
            events.record(target(pod).container(c.getName(), false), PodEvents.NORMAL, "Killing",
                "Container " + c.getName() + " failed liveness probe, will be restarted");
            runtime.stopContainer(latest.id(), grace(pod, c));
            next = Duration.ZERO;
          } else {
            probes.ensure(key(pod), uid, c, latest.id(), sb);
          }
        } else if (!view.finished(latest)) {
          startExisting(latest, wait, c, target(pod).container(c.getName(), false));
        } else if ("Always".equals(policy) || ("OnFailure".equals(policy) && view.exitCode(latest) != 0)) {
          next = min(next, restart(pod, sb, c, false, latest, vols, wait, view));
        }
      }
    }
    view = view(pod, sb, wait, initDone, failed);
    Set<String> running = new HashSet<>();
    view.instances().values().forEach(l -> l.stream().filter(RuntimeContainer::running).forEach(r -> running.add(r.id())));
    probes.retain(uid, running);
    PodStatus status = writeStatus(pod, view);
    String newPhase = status.getPhase();
    return "Succeeded".equals(newPhase) || "Failed".equals(newPhase) ? null : next;
  }

  /** Kubelet's FailedCreatePodSandBox event: otherwise a pod that cannot start shows no reason at all. */
  private Sandbox createSandbox(Pod pod) {
    try {
      return runtime.runSandbox(sandboxSpec(pod));
    } catch (RuntimeError e) {
      events.record(target(pod), PodEvents.WARNING, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
      throw e;
    }
  }

  private PodView view(Pod pod, Sandbox sb, Map<String, PodView.Waiting> wait, boolean initDone, boolean failed) {
    List<RuntimeContainer> list = runtime.listContainers(pod.getMetadata().getUid());
    return new PodView(sb, PodView.group(list), wait, startFailures, initDone, failed);
  }

  private Duration restart(Pod pod, Sandbox sb, Container c, boolean init, RuntimeContainer latest, Map<String, Path> vols,
      Map<String, PodView.Waiting> wait, PodView view) {
    String key = pod.getMetadata().getUid() + "/" + c.getName();
    var now = clock.instant();
    Duration left = backOff.remaining(key, latest.finishedAt() != null ? latest.finishedAt() : now, now);
    if (!left.isZero()) {
      events.record(target(pod).container(c.getName(), init), PodEvents.WARNING, "BackOff",
          "Back-off restarting failed container " + c.getName() + " in pod " + pod.getMetadata().getName() + "_"
              + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")");
      wait.put(c.getName(), new PodView.Waiting("CrashLoopBackOff", "back-off " + backOff.current(key).toSeconds()
          + "s restarting failed container=" + c.getName() + " pod=" + pod.getMetadata().getName() + "_"
          + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")"));
      return left;
    }
    backOff.next(key, now);
    // Keep the instance that just finished (lastState, previous logs); older ones go.
    List<RuntimeContainer> instances = view.instances().getOrDefault(c.getName(), List.of());
    for (RuntimeContainer old : instances.subList(Math.min(1, instances.size()), instances.size())) {
      runtime.removeContainer(old.id());
      startFailures.remove(old.id());
    }
    start(pod, sb, c, init, latest.attempt() + 1, vols, wait);
    return Duration.ofSeconds(1);
  }

  private void start(Pod pod, Sandbox sb, Container c, boolean init, int attempt, Map<String, Path> vols,
      Map<String, PodView.Waiting> wait) {
    PodEvents.Target target = target(pod).container(c.getName(), init);
    if (!image(c, target, wait)) return;
    ContainerSpec spec;
    try {
      spec = specs.build(pod, c, init, attempt, sb.name(), vols, sb.ip(), hostIp);
    } catch (ContainerSpecs.ConfigError | RuntimeException e) {
      events.record(target, PodEvents.WARNING, "Failed", "Error: " + e.getMessage());
      wait.put(c.getName(), new PodView.Waiting("CreateContainerConfigError", e.getMessage()));
      return;
    }
    String id;
    try {
      id = runtime.createContainer(sb, spec);
    } catch (RuntimeError e) {
      events.record(target, PodEvents.WARNING, "Failed", "Error: " + e.getMessage());
      wait.put(c.getName(), new PodView.Waiting("CreateContainerError", e.getMessage()));
      return;
    }
    events.record(target, PodEvents.NORMAL, "Created", "Created container " + c.getName());
    wait.remove(c.getName());
    startExisting(id, c, target);
  }

  /**
   * Makes sure the image is there as its pull policy asks (the kubelet's image manager): Always
   * pulls on every container start, IfNotPresent (and a policy nobody defaulted) pulls only a
   * missing image, Never never pulls. False with the reason in {@code wait}.
   *
   * <p>One deliberate difference: a present {@code localhost/} image is used even under Always.
   * {@code localhost/} is Podman's name for images built or imported on this machine; no registry
   * serves them, so "pull again" can only fail and would make every untagged local image
   * ({@code kubectl run --image=localhost/x}, which defaults to Always) unusable.
   */
  private boolean image(Container c, PodEvents.Target target, Map<String, PodView.Waiting> wait) {
    String policy = c.getImagePullPolicy();
    boolean present = runtime.imageId(c.getImage()).isPresent();
    if (present && (!"Always".equals(policy) || c.getImage().startsWith("localhost/"))) {
      events.record(target, PodEvents.NORMAL, "Pulled", "Container image \"" + c.getImage() + "\" already present on machine");
      return true;
    }
    if ("Never".equals(policy)) {
      String message = "Container image \"" + c.getImage() + "\" is not present with pull policy of Never";
      events.record(target, PodEvents.WARNING, "ErrImageNeverPull", message);
      wait.put(c.getName(), new PodView.Waiting("ErrImageNeverPull", message));
      return false;
    }
    // As the kubelet: after a failed pull, wait (10 s doubling) before the next, reporting ImagePullBackOff.
    String key = target.uid() + "/pull/" + c.getName();
    Instant now = clock.instant();
    Instant failedAt = pullFailedAt.get(key);
    if (failedAt != null && !backOff.remaining(key, failedAt, now).isZero()) {
      String message = "Back-off pulling image \"" + c.getImage() + "\"";
      events.record(target, PodEvents.NORMAL, "BackOff", message);
      wait.put(c.getName(), new PodView.Waiting("ImagePullBackOff", message));
      return false;
    }
    events.record(target, PodEvents.NORMAL, "Pulling", "Pulling image \"" + c.getImage() + "\"");
    long began = System.nanoTime();
    try {
      runtime.pullImage(c.getImage(), Duration.ofMinutes(2));
    } catch (RuntimeError e) {
      backOff.next(key, now);
      pullFailedAt.put(key, now);
      events.record(target, PodEvents.WARNING, "Failed", "Failed to pull image \"" + c.getImage() + "\": " + e.getMessage());
      events.record(target, PodEvents.WARNING, "Failed", "Error: ErrImagePull");
      wait.put(c.getName(), new PodView.Waiting("ErrImagePull", e.getMessage()));
      return false;
    }
    pullFailedAt.remove(key);
    events.record(target, PodEvents.NORMAL, "Pulled", "Successfully pulled image \"" + c.getImage() + "\" in "
        + Duration.ofNanos(System.nanoTime() - began).toMillis() + "ms");
    return true;
  }

  private void startExisting(RuntimeContainer created, Map<String, PodView.Waiting> wait, Container c,
      PodEvents.Target target) {
    wait.remove(c.getName());
    startExisting(created.id(), c, target);
  }

  private void startExisting(String id, Container c, PodEvents.Target target) {
    try {
      runtime.startContainer(id);
      events.record(target, PodEvents.NORMAL, "Started", "Started container " + c.getName());
    } catch (RuntimeError e) {
      log.info("container {} failed to start: {}", c.getName(), e.getMessage());
      events.record(target, PodEvents.WARNING, "Failed", "Error: " + e.getMessage());
      startFailures.put(id, e.getMessage());
    }
  }

  private static PodEvents.Target target(Pod pod) {
    return PodEvents.Target.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
        pod.getMetadata().getUid());
  }

  private PodStatus writeStatus(Pod pod, PodView view) {
    PodStatus status = statuses.compute(pod, view, hostIp, clock.instant());
    String uid = pod.getMetadata().getUid();
    if (status.equals(pod.getStatus()) || status.equals(written.get(uid))) return status;
    objects.writeStatus(pod, status);
    written.put(uid, status);
    return status;
  }

  /** Stops a pod being deleted within its grace period (preStop first), removes it, then deletes the object. */
  private void terminate(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!terminating.add(uid)) return;
    terminations.submit(() -> {
      try {
        Long g = pod.getMetadata().getDeletionGracePeriodSeconds();
        Duration grace = Duration.ofSeconds(g == null ? 30 : g);
        long deadline = System.nanoTime() + grace.toNanos();
        List<RuntimeContainer> running = runtime.listContainers(uid).stream().filter(RuntimeContainer::running).toList();
        Map<String, Container> byName = new LinkedHashMap<>();
        allContainers(pod).forEach(c -> byName.put(c.getName(), c));
        List<Thread> stops = running.stream().map(rc -> new Thread(() -> {
          Container c = byName.get(rc.containerName());
          if (c != null && c.getLifecycle() != null && c.getLifecycle().getPreStop() != null
              && c.getLifecycle().getPreStop().getExec() != null) {
            try {
              runtime.exec(rc.id(), c.getLifecycle().getPreStop().getExec().getCommand(), remaining(deadline));
            } catch (RuntimeError e) {
              log.info("preStop hook of {} failed: {}", rc.name(), e.getMessage());
            }
          }
          if (c != null) {
            events.record(target(pod).container(c.getName(), false), PodEvents.NORMAL, "Killing",
                "Stopping container " + c.getName());
          }
          runtime.stopContainer(rc.id(), remaining(deadline));
        }, "stop-" + rc.name())).toList();
        stops.forEach(Thread::start);
        for (Thread t : stops) t.join();
        removeEverything(uid);
        objects.deleteFinally(pod);
        log.info("pod {} terminated", key(pod));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | IOException e) {
        log.warn("terminating pod {} failed (will retry): {}", key(pod), e.toString());
        requeue.accept(key(pod));
      } finally {
        terminating.remove(uid);
      }
    });
  }

  private static Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /** Removes sandboxes whose pod is no longer bound here (force-deleted, or deleted while the agent was down). */
  public void removeOrphans(Set<String> desiredUids) {
    for (Sandbox sb : runtime.listSandboxes()) {
      if (sb.podUid() == null || desiredUids.contains(sb.podUid()) || terminating.contains(sb.podUid())) continue;
      log.info("removing orphaned sandbox {} (pod {}/{} is gone)", sb.name(), sb.namespace(), sb.podName());
      try {
        removeEverything(sb.podUid());
      } catch (IOException | RuntimeException e) {
        log.warn("removing orphaned sandbox {} failed: {}", sb.name(), e.toString());
      }
    }
  }

  private void removeEverything(String uid) throws IOException {
    runtime.sandboxOf(uid).ifPresent(sb -> runtime.removeSandbox(sb.id()));
    for (RuntimeContainer c : runtime.listContainers(uid)) {
      runtime.removeContainer(c.id());
      startFailures.remove(c.id());
    }
    probes.retain(uid, Set.of());
    pullFailedAt.keySet().removeIf(k -> k.startsWith(uid + "/"));
    volumes.cleanup(uid);
    backOff.forgetPrefix(uid + "/");
    waiting.remove(uid);
    written.remove(uid);
  }

  private SandboxSpec sandboxSpec(Pod pod) {
    var m = pod.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.POD_UID, m.getUid());
    labels.put(Labels.POD_NAME, m.getName());
    labels.put(Labels.POD_NAMESPACE, m.getNamespace());
    String hostname = pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : m.getName();
    if (hostname.length() > 63) hostname = hostname.substring(0, 63);
    PodDnsConfig.ResolvConf resolv = dnsConfig.forPod(pod);
    return new SandboxSpec(sandboxName(pod), hostname, labels, resolv.nameservers(), resolv.searches(), resolv.options());
  }

  /** {@code k8s_<name>_<namespace>_<uid prefix>}: unique per pod object, readable in {@code podman pod ps}. */
  static String sandboxName(Pod pod) {
    var m = pod.getMetadata();
    return "k8s_" + m.getName() + "_" + m.getNamespace() + "_" + m.getUid().substring(0, Math.min(8, m.getUid().length()));
  }

  private static Duration grace(Pod pod, Container c) {
    Long g = pod.getSpec().getTerminationGracePeriodSeconds();
    if (c.getLivenessProbe() != null && c.getLivenessProbe().getTerminationGracePeriodSeconds() != null) {
      g = c.getLivenessProbe().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(g == null ? 30 : g);
  }

  static List<Container> allContainers(Pod pod) {
    List<Container> all = new java.util.ArrayList<>(nullSafe(pod.getSpec().getInitContainers()));
    all.addAll(pod.getSpec().getContainers());
    return all;
  }

  static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static <T> List<T> nullSafe(List<T> l) {
    return l == null ? List.of() : l;
  }
}
