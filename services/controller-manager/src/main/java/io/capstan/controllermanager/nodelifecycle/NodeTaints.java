package io.capstan.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The taints the node lifecycle controller owns, derived from a node's conditions and
 * {@code spec.unschedulable} (Kubernetes' NoSchedule tainting pass and taint-based eviction):
 * {@code Ready=False} → {@code not-ready}, {@code Ready=Unknown} → {@code unreachable} (each
 * NoSchedule and NoExecute, the latter stamped with {@code timeAdded}), pressure conditions and
 * cordoning → their NoSchedule taints. Other taints are left as they are.
 */
final class NodeTaints {
  static final String NOT_READY = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
  private static final List<String> MANAGED = List.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE,
      "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/pid-pressure",
      "node.kubernetes.io/network-unavailable");

  private NodeTaints() {}

  static Optional<NodeCondition> condition(Node n, String type) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) return Optional.empty();
    return n.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static String readyStatus(Node n) {
    return condition(n, "Ready").map(NodeCondition::getStatus).orElse("Unknown");
  }

  /** The node's taints as they should be: unmanaged ones kept, managed ones per conditions (existing ones reused). */
  static List<Taint> desired(Node n, Instant now) {
    List<Taint> current = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
    List<Taint> out = new ArrayList<>();
    for (Taint t : current) {
      if (!MANAGED.contains(t.getKey())) out.add(t);
    }
    String ready = readyStatus(n);
    if ("False".equals(ready)) {
      add(out, current, NOT_READY, "NoSchedule", now);
      add(out, current, NOT_READY, "NoExecute", now);
    } else if (!"True".equals(ready)) {
      add(out, current, UNREACHABLE, "NoSchedule", now);
      add(out, current, UNREACHABLE, "NoExecute", now);
    }
    if (isTrue(n, "MemoryPressure")) add(out, current, "node.kubernetes.io/memory-pressure", "NoSchedule", now);
    if (isTrue(n, "DiskPressure")) add(out, current, "node.kubernetes.io/disk-pressure", "NoSchedule", now);
    if (isTrue(n, "PIDPressure")) add(out, current, "node.kubernetes.io/pid-pressure", "NoSchedule", now);
    if (isTrue(n, "NetworkUnavailable")) add(out, current, "node.kubernetes.io/network-unavailable", "NoSchedule", now);
    if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) add(out, current, UNSCHEDULABLE, "NoSchedule", now);
    return out;
  }

  private static boolean isTrue(Node n, String type) {
    return condition(n, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static void add(List<Taint> out, List<Taint> current, String key, String effect, Instant now) {
    Taint existing = current.stream().filter(t -> key.equals(t.getKey()) && effect.equals(t.getEffect())).findFirst()
        .orElse(null);
    if (existing != null) {
      out.add(existing);
      return;
    }
    TaintBuilder b = new TaintBuilder().withKey(key).withEffect(effect);
    if ("NoExecute".equals(effect)) b.withTimeAdded(now.truncatedTo(ChronoUnit.SECONDS).toString());
    out.add(b.build());
  }

  static boolean same(List<Taint> a, List<Taint> b) {
    List<Taint> x = a == null ? List.of() : a;
    List<Taint> y = b == null ? List.of() : b;
    return x.size() == y.size() && x.stream().allMatch(t -> y.stream().anyMatch(u -> Objects.equals(t.getKey(), u.getKey())
        && Objects.equals(t.getEffect(), u.getEffect()) && Objects.equals(t.getValue(), u.getValue())));
  }
}
