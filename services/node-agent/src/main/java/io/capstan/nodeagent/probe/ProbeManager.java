package io.capstan.nodeagent.probe;

import io.capstan.nodeagent.event.PodEvents;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.Sandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness, readiness and startup probes of running containers, one periodic worker per probe
 * and container instance (so a restarted container starts from scratch, with its initial delay).
 * Results are read by the pod sync; a flip calls {@code onChange} with the pod's key so the pod is
 * synced at once. Liveness and readiness wait until the startup probe (if any) has succeeded.
 */
public final class ProbeManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProbeManager.class);

  public enum Kind { LIVENESS, READINESS, STARTUP }

  public enum Result { UNKNOWN, SUCCESS, FAILURE }

  private final Prober prober;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> onChange;
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final PodEvents events;

  public ProbeManager(ContainerRuntime runtime, ScheduledExecutorService scheduler, Consumer<String> onChange) {
    this(runtime, scheduler, onChange, PodEvents.NONE);
  }

  /** @param events where failed probes are reported (Unhealthy) */
  public ProbeManager(ContainerRuntime runtime, ScheduledExecutorService scheduler, Consumer<String> onChange,
      PodEvents events) {
    this.prober = new Prober(runtime);
    this.scheduler = scheduler;
    this.onChange = onChange;
    this.events = events;
  }

  /** Starts the probes of a running container instance unless they run already. */
  public void ensure(String podKey, String podUid, Container c, String containerId, Sandbox sandbox) {
    start(podKey, podUid, c, containerId, sandbox, Kind.STARTUP, c.getStartupProbe());
    start(podKey, podUid, c, containerId, sandbox, Kind.LIVENESS, c.getLivenessProbe());
    start(podKey, podUid, c, containerId, sandbox, Kind.READINESS, c.getReadinessProbe());
  }

  private void start(String podKey, String podUid, Container c, String id, Sandbox sb, Kind kind, Probe probe) {
    if (probe == null) return;
    workers.computeIfAbsent(key(id, kind), k -> {
      Worker w = new Worker(podKey, podUid, c, id, sb, kind, probe);
      long delay = Math.max(0, value(probe.getInitialDelaySeconds(), 0)) * 1000L;
      w.future = scheduler.scheduleWithFixedDelay(w::run, delay, Math.max(1, value(probe.getPeriodSeconds(), 10)) * 1000L,
          TimeUnit.MILLISECONDS);
      return w;
    });
  }

  /** Stops the workers of pod {@code podUid} whose container is not in {@code running}. */
  public void retain(String podUid, Set<String> running) {
    workers.values().removeIf(w -> {
      if (!w.podUid.equals(podUid) || running.contains(w.containerId)) return false;
      w.future.cancel(false);
      return true;
    });
  }

  public Result result(String containerId, Kind kind) {
    Worker w = workers.get(key(containerId, kind));
    return w == null ? Result.UNKNOWN : w.result;
  }

  /** Ready: no readiness probe, or its last result succeeded (and startup finished). */
  public boolean ready(String containerId, Container c) {
    if (!started(containerId, c)) return false;
    return c.getReadinessProbe() == null || result(containerId, Kind.READINESS) == Result.SUCCESS;
  }

  public boolean started(String containerId, Container c) {
    return c.getStartupProbe() == null || result(containerId, Kind.STARTUP) == Result.SUCCESS;
  }

  /** The container must be restarted: liveness or startup failed past its threshold. */
  public boolean mustRestart(String containerId) {
    return result(containerId, Kind.LIVENESS) == Result.FAILURE || result(containerId, Kind.STARTUP) == Result.FAILURE;
  }

  @Override
  public void close() {
    workers.values().forEach(w -> w.future.cancel(false));
    workers.clear();
  }

  private static String key(String id, Kind kind) {
    return id + "/" + kind;
  }

  private static int value(Integer v, int dflt) {
    return v == null ? dflt : v;
  }

  private final class Worker {
    final String podKey;
    final String podUid;
    final Container container;
    final String containerId;
    final Sandbox sandbox;
    final Kind kind;
    final Probe probe;
    volatile ScheduledFuture<?> future;
    volatile Result result = Result.UNKNOWN;
    int successes;
    int failures;

    Worker(String podKey, String podUid, Container c, String id, Sandbox sb, Kind kind, Probe probe) {
      this.podKey = podKey;
      this.podUid = podUid;
      this.container = c;
      this.containerId = id;
      this.sandbox = sb;
      this.kind = kind;
      this.probe = probe;
    }

    void run() {
      if (kind != Kind.STARTUP && !started(containerId, container)) return;
      if (kind == Kind.STARTUP && result == Result.SUCCESS) return; // startup probes stop once they pass
      boolean ok;
      try {
        Prober.Outcome outcome = prober.probe(probe, container, containerId, sandbox);
        ok = outcome.ok();
        if (!ok) unhealthy(kindName() + " probe failed: " + outcome.output());
      } catch (RuntimeException e) {
        // Kubelet counts a probe that could not run as a failure, and says why.
        ok = false;
        unhealthy(kindName() + " probe errored and resulted in unknown state: " + e.getMessage());
      }
      Result before = result;
      if (ok) {
        failures = 0;
        successes++;
        if (successes >= (kind == Kind.READINESS ? value(probe.getSuccessThreshold(), 1) : 1)) result = Result.SUCCESS;
      } else {
        successes = 0;
        failures++;
        if (failures >= value(probe.getFailureThreshold(), 3)) result = Result.FAILURE;
      }
      if (before != result) {
        log.info("{} probe of {} ({}): {}", kind, container.getName(), podKey, result);
        onChange.accept(podKey);
      }
    }

    private String kindName() {
      return kind.name().charAt(0) + kind.name().substring(1).toLowerCase();
    }

    private void unhealthy(String message) {
      int slash = podKey.indexOf('/');
      events.record(new PodEvents.Target(podKey.substring(0, slash), podKey.substring(slash + 1), podUid,
          "spec.containers{" + container.getName() + "}"), PodEvents.WARNING, "Unhealthy", message);
    }
  }
}
