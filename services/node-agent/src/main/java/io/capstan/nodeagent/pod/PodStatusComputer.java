package io.capstan.nodeagent.pod;

import io.capstan.nodeagent.probe.ProbeManager;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A pod's status from what the runtime reports (kubelet's {@code generateAPIPodStatus} and
 * {@code getPhase}). Deterministic for the same runtime state, so an unchanged pod computes an
 * equal status and no write is made; condition transition times are carried over from the
 * current status while a condition keeps its value.
 */
final class PodStatusComputer {

  private final String runtimeName;
  private final ProbeManager probes;
  private final Predicate<String> oomKilled;

  PodStatusComputer(String runtimeName, ProbeManager probes, Predicate<String> oomKilled) {
    this.runtimeName = runtimeName;
    this.probes = probes;
    this.oomKilled = oomKilled;
  }

  PodStatus compute(Pod pod, PodView view, String hostIp, Instant now) {
    PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String restart = restartPolicy(pod);
    List<ContainerStatus> init = new ArrayList<>();
    for (Container c : nullSafe(pod.getSpec().getInitContainers())) init.add(status(c, view, true, true));
    List<ContainerStatus> apps = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) apps.add(status(c, view, false, view.initDone()));

    String phase = phase(pod, view, apps, restart);
    boolean allReady = apps.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
    List<String> unready = apps.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    String notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
    String notReadyMsg = terminal ? null : "containers with unready status: [" + String.join(" ", unready) + "]";
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition(current, "PodScheduled", true, null, null, now));
    conditions.add(condition(current, "Initialized", view.initDone() || terminal,
        terminal ? "PodCompleted" : "ContainersNotInitialized", "containers with incomplete status: "
            + init.stream().filter(s -> s.getState().getTerminated() == null || s.getState().getTerminated().getExitCode() != 0)
                .map(ContainerStatus::getName).toList(), now));
    conditions.add(condition(current, "ContainersReady", allReady && !terminal, notReadyReason, notReadyMsg, now));
    conditions.add(condition(current, "Ready", allReady && !terminal, notReadyReason, notReadyMsg, now));

    PodStatusBuilder b = new PodStatusBuilder()
        .withPhase(phase)
        .withConditions(conditions)
        .withHostIP(hostIp)
        .withHostIPs(new HostIP(hostIp))
        .withStartTime(current.getStartTime() != null ? current.getStartTime() : time(now))
        .withInitContainerStatuses(init)
        .withContainerStatuses(apps)
        .withQosClass(QosClasses.of(pod));
    if (view.sandbox() != null && !view.sandbox().ip().isEmpty()) {
      b.withPodIP(view.sandbox().ip()).withPodIPs(new PodIP(view.sandbox().ip()));
    } else if (current.getPodIP() != null) {
      b.withPodIP(current.getPodIP()).withPodIPs(current.getPodIPs());
    }
    return b.build();
  }

  private ContainerStatus status(Container c, PodView view, boolean init, boolean mayRun) {
    RuntimeContainer latest = view.latest(c.getName());
    RuntimeContainer previous = view.previous(c.getName());
    PodView.Waiting waiting = view.waiting().get(c.getName());
    ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
        .withImageID("").withReady(false).withStarted(false).withRestartCount(latest == null ? 0 : latest.attempt());
    ContainerState state;
    ContainerState last = previous == null || !view.finished(previous) ? new ContainerState() : terminated(previous, view);
    if (latest == null) {
      String reason = waiting != null ? waiting.reason() : mayRun ? "ContainerCreating" : "PodInitializing";
      state = waitingState(reason, waiting == null ? null : waiting.message());
    } else {
      b.withContainerID(runtimeName + "://" + latest.id()).withImageID(imageId(latest));
      if (latest.running()) {
        state = new ContainerStateBuilder().withNewRunning().withStartedAt(time(latest.startedAt())).endRunning().build();
        b.withStarted(probes.started(latest.id(), c));
        b.withReady(!init && probes.ready(latest.id(), c));
      } else if (view.finished(latest)) {
        if (waiting != null) {
          state = waitingState(waiting.reason(), waiting.message());
          last = terminated(latest, view);
        } else {
          state = terminated(latest, view);
        }
      } else {
        state = waitingState(waiting != null ? waiting.reason() : "ContainerCreating", waiting == null ? null : waiting.message());
      }
    }
    return b.withState(state).withLastState(last).build();
  }

  private ContainerState terminated(RuntimeContainer c, PodView view) {
    int code = view.exitCode(c);
    String failure = view.startFailures().get(c.id());
    // As containerd's CRI: an OOM kill of any of the container's processes names the exit, whatever its code.
    String reason = failure != null ? "StartError" : oomKilled.test(c.id()) ? "OOMKilled" : code == 0 ? "Completed" : "Error";
    return new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason(reason).withMessage(failure)
        .withStartedAt(time(c.startedAt())).withFinishedAt(time(c.finishedAt()))
        .withContainerID(runtimeName + "://" + c.id()).endTerminated().build();
  }

  private static ContainerState waitingState(String reason, String message) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
  }

  private String imageId(RuntimeContainer c) {
    if (c.imageId() == null || c.imageId().isEmpty()) return "";
    String id = c.imageId().startsWith("sha256:") ? c.imageId() : "sha256:" + c.imageId();
    String image = c.image().contains("@") ? c.image().substring(0, c.image().indexOf('@')) : c.image();
    return image + "@" + id;
  }

  private String phase(Pod pod, PodView view, List<ContainerStatus> apps, String restart) {
    if (view.failed()) return "Failed";
    if (!view.initDone()) return "Pending";
    int running = 0;
    int neverRan = 0;
    int succeeded = 0;
    int failed = 0;
    for (ContainerStatus s : apps) {
      ContainerState st = s.getState();
      if (st.getRunning() != null) running++;
      else if (st.getTerminated() != null) {
        if (st.getTerminated().getExitCode() == 0) succeeded++;
        else failed++;
      } else if (s.getLastState().getTerminated() != null) {
        failed++; // waiting to restart after a failure: it has run
      } else neverRan++;
    }
    if (running > 0) return "Running";
    if (neverRan > 0) return succeeded + failed > 0 ? "Running" : "Pending";
    // Everything has stopped: restart policy decides.
    if ("Always".equals(restart)) return "Running";
    if (failed == 0) return "Succeeded";
    return "Never".equals(restart) ? "Failed" : "Running";
  }

  static String restartPolicy(Pod pod) {
    String p = pod.getSpec().getRestartPolicy();
    return p == null || p.isEmpty() ? "Always" : p;
  }

  private static PodCondition condition(PodStatus current, String type, boolean ok, String reason, String message,
      Instant now) {
    String status = ok ? "True" : "False";
    String since = time(now);
    for (PodCondition c : nullSafe(current.getConditions())) {
      if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
        since = c.getLastTransitionTime();
      }
    }
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status);
    c.setLastTransitionTime(since);
    c.setLastProbeTime(null);
    if (!ok) {
      c.setReason(reason);
      c.setMessage(message);
    }
    return c;
  }

  static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static <T> List<T> nullSafe(List<T> l) {
    return l == null ? List.of() : l;
  }
}
