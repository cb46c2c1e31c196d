package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.bool;
import static io.capstan.apiserver.table.Fields.has;
import static io.capstan.apiserver.table.Fields.list;
import static io.capstan.apiserver.table.Fields.node;
import static io.capstan.apiserver.table.Fields.num;
import static io.capstan.apiserver.table.Fields.orDefault;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import io.capstan.apiserver.table.TableConvertor.RowCondition;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Pod rows as Kubernetes' {@code printPod} computes them: READY counts sidecars (restartable init
 * containers), STATUS follows the init-container / container / deletion reasoning, RESTARTS shows
 * "N (age ago)" since the last container termination.
 */
final class PodPrinter {
  private PodPrinter() {}

  /** {@code node.NodeUnreachablePodReason}: the node controller's reason for pods on a lost node. */
  private static final String NODE_UNREACHABLE_REASON = "NodeLost";

  static final List<Column> COLUMNS = List.of(
      Columns.name(),
      Columns.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
      Columns.string("Status", "The aggregate status of the containers in this pod."),
      Columns.string("Restarts", "The number of times the containers in this pod have been restarted "
          + "and when the last container in this pod has restarted."),
      Columns.age(),
      Columns.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster."),
      Columns.wide("Node", "NodeName indicates in which node this pod is scheduled."),
      Columns.wide("Nominated Node", "nominatedNodeName is set when this pod preempts other pods on the node."),
      Columns.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness."));

  private static final List<RowCondition> SUCCEEDED = List.of(
      new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
  private static final List<RowCondition> FAILED = List.of(
      new RowCondition("Completed", "True", "Failed", "The pod failed."));

  static TableConvertor convertor(Clock clock) {
    return new KindConvertor(COLUMNS, PodPrinter::cells, PodPrinter::conditions, clock);
  }

  static List<RowCondition> conditions(JsonNode pod) {
    return switch (str(pod, "status.phase")) {
      case "Succeeded" -> SUCCEEDED;
      case "Failed" -> FAILED;
      default -> List.of();
    };
  }

  static List<Object> cells(JsonNode pod, Instant now) {
    int restarts = 0;
    int restartableInitRestarts = 0;
    int totalContainers = list(pod, "spec.containers").size();
    int readyContainers = 0;
    Instant lastRestart = null;
    Instant lastRestartableInitRestart = null;

    String phase = str(pod, "status.phase");
    String reason = phase;
    if (!str(pod, "status.reason").isEmpty()) reason = str(pod, "status.reason");

    for (JsonNode c : list(pod, "status.conditions")) {
      if ("PodScheduled".equals(str(c, "type")) && "SchedulingGated".equals(str(c, "reason"))) {
        reason = "SchedulingGated";
      }
    }

    List<JsonNode> initSpecs = list(pod, "spec.initContainers");
    Map<String, JsonNode> initContainers = new HashMap<>();
    for (JsonNode ic : initSpecs) {
      initContainers.put(str(ic, "name"), ic);
      if (isRestartable(ic)) totalContainers++;
    }

    boolean initializing = false;
    List<JsonNode> initStatuses = list(pod, "status.initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode c = initStatuses.get(i);
      int rc = (int) num(c, "restartCount");
      restarts += rc;
      Instant terminatedAt = Fields.time(c, "lastState.terminated.finishedAt");
      lastRestart = Fields.later(lastRestart, terminatedAt);
      boolean restartable = isRestartable(initContainers.get(str(c, "name")));
      if (restartable) {
        restartableInitRestarts += rc;
        lastRestartableInitRestart = Fields.later(lastRestartableInitRestart, terminatedAt);
      }
      JsonNode terminated = node(c, "state.terminated");
      JsonNode waiting = node(c, "state.waiting");
      if (terminated != null && num(terminated, "exitCode") == 0) continue;
      if (restartable && bool(c, "started")) {
        if (bool(c, "ready")) readyContainers++;
        continue;
      }
      if (terminated != null) {
        // initialization failed
        String r = str(terminated, "reason");
        if (r.isEmpty()) {
          long signal = num(terminated, "signal");
          reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + num(terminated, "exitCode");
        } else {
          reason = "Init:" + r;
        }
      } else if (waiting != null && !str(waiting, "reason").isEmpty()
          && !"PodInitializing".equals(str(waiting, "reason"))) {
        reason = "Init:" + str(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + initSpecs.size();
      }
      initializing = true;
      break;
    }

    if (!initializing || isInitialized(pod)) {
      restarts = restartableInitRestarts;
      lastRestart = lastRestartableInitRestart;
      boolean hasRunning = false;
      List<JsonNode> statuses = list(pod, "status.containerStatuses");
      // Backwards, so that the first container with a reason wins, as in Kubernetes.
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += (int) num(c, "restartCount");
        lastRestart = Fields.later(lastRestart, Fields.time(c, "lastState.terminated.finishedAt"));
        JsonNode waiting = node(c, "state.waiting");
        JsonNode terminated = node(c, "state.terminated");
        if (waiting != null && !str(waiting, "reason").isEmpty()) {
          reason = str(waiting, "reason");
        } else if (terminated != null && !str(terminated, "reason").isEmpty()) {
          reason = str(terminated, "reason");
        } else if (terminated != null) {
          long signal = num(terminated, "signal");
          reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + num(terminated, "exitCode");
        } else if (bool(c, "ready") && has(c, "state.running")) {
          hasRunning = true;
          readyContainers++;
        }
      }
      // A pod whose first container completed while another still runs is not "Completed".
      if ("Completed".equals(reason) && hasRunning) {
        reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = has(pod, "metadata.deletionTimestamp");
    if (deleting && NODE_UNREACHABLE_REASON.equals(str(pod, "status.reason"))) {
      reason = "Unknown";
    } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      reason = "Terminating";
    }

    String restartsCell = String.valueOf(restarts);
    if (restarts != 0 && lastRestart != null && !lastRestart.equals(HumanDuration.GO_ZERO_TIME)) {
      restartsCell = restarts + " (" + HumanDuration.since(lastRestart, now) + " ago)";
    }

    String podIp = "";
    List<JsonNode> podIps = list(pod, "status.podIPs");
    if (!podIps.isEmpty()) podIp = str(podIps.get(0), "ip");
    if (podIp.isEmpty()) podIp = str(pod, "status.podIP");

    return Arrays.asList(
        Fields.name(pod),
        readyContainers + "/" + totalContainers,
        reason,
        restartsCell,
        Fields.age(pod, now),
        orDefault(podIp, "<none>"),
        orDefault(str(pod, "spec.nodeName"), "<none>"),
        orDefault(str(pod, "status.nominatedNodeName"), "<none>"),
        readinessGates(pod));
  }

  private static String readinessGates(JsonNode pod) {
    List<JsonNode> gates = list(pod, "spec.readinessGates");
    if (gates.isEmpty()) return "<none>";
    int trueConditions = 0;
    for (JsonNode gate : gates) {
      String type = str(gate, "conditionType");
      for (JsonNode c : list(pod, "status.conditions")) {
        if (type.equals(str(c, "type"))) {
          if ("True".equals(str(c, "status"))) trueConditions++;
          break;
        }
      }
    }
    return trueConditions + "/" + gates.size();
  }

  /** A sidecar: an init container with restartPolicy Always. */
  private static boolean isRestartable(JsonNode initContainer) {
    return initContainer != null && "Always".equals(str(initContainer, "restartPolicy"));
  }

  private static boolean isInitialized(JsonNode pod) {
    for (JsonNode c : list(pod, "status.conditions")) {
      if ("Initialized".equals(str(c, "type"))) return "True".equals(str(c, "status"));
    }
    return false;
  }

  private static boolean hasCondition(JsonNode pod, String type) {
    for (JsonNode c : list(pod, "status.conditions")) {
      if (type.equals(str(c, "type")) && "True".equals(str(c, "status"))) return true;
    }
    return false;
  }
}
