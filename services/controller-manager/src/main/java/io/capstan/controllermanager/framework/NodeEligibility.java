package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a pod spec may run on a node, as the scheduler judges it: {@code nodeSelector}, required
 * node affinity (terms ORed, requirements ANDed; {@code matchFields} on {@code metadata.name}) and
 * taints against tolerations. Controllers that place pods themselves (DaemonSet) and the taint
 * eviction of the node lifecycle controller ask this.
 */
public final class NodeEligibility {
  private NodeEligibility() {}

  /** nodeSelector and required node affinity both match (taints are not considered). */
  public static boolean matchesSelectorAndAffinity(PodSpec spec, Node node) {
    Map<String, String> labels = labels(node);
    if (spec.getNodeSelector() != null) {
      for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) return false;
      }
    }
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms =
        spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    if (terms == null) return false;
    for (NodeSelectorTerm t : terms) {
      if (matchesTerm(t, node)) return true;
    }
    return false;
  }

  /** An empty term matches nothing. */
  public static boolean matchesTerm(NodeSelectorTerm t, Node node) {
    boolean any = false;
    Map<String, String> l = labels(node);
    if (t.getMatchExpressions() != null) {
      for (NodeSelectorRequirement r : t.getMatchExpressions()) {
        any = true;
        if (!requirement(r, l.get(r.getKey()), l.containsKey(r.getKey()))) return false;
      }
    }
    if (t.getMatchFields() != null) {
      for (NodeSelectorRequirement r : t.getMatchFields()) {
        any = true;
        if (!"metadata.name".equals(r.getKey()) || !requirement(r, node.getMetadata().getName(), true)) return false;
      }
    }
    return any;
  }

  private static boolean requirement(NodeSelectorRequirement r, String value, boolean present) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> present && values.contains(value);
      case "NotIn" -> !present || !values.contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt", "Lt" -> present && values.size() == 1 && compare(r.getOperator(), value, values.get(0));
      default -> false;
    };
  }

  private static boolean compare(String op, String value, String bound) {
    try {
      long v = Long.parseLong(value);
      long b = Long.parseLong(bound);
      return "Gt".equals(op) ? v > b : v < b;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The first taint selected by {@code filter} that no toleration tolerates. */
  public static Optional<Taint> untolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
    if (taints == null) return Optional.empty();
    for (Taint taint : taints) {
      if (!filter.test(taint)) continue;
      if (tolerations == null || tolerations.stream().noneMatch(t -> tolerates(t, taint))) return Optional.of(taint);
    }
    return Optional.empty();
  }

  /** Kubernetes' {@code Toleration.ToleratesTaint}: empty effect means all; empty key with Exists means every taint. */
  public static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) return false;
    String key = t.getKey() == null ? "" : t.getKey();
    if (!key.isEmpty() && !key.equals(taint.getKey())) return false;
    String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
    if ("Exists".equals(op)) return true;
    if (!"Equal".equals(op) || key.isEmpty()) return false;
    return (t.getValue() == null ? "" : t.getValue()).equals(taint.getValue() == null ? "" : taint.getValue());
  }

  public static boolean isNoScheduleOrNoExecute(Taint t) {
    return "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
  }

  public static boolean isNoExecute(Taint t) {
    return "NoExecute".equals(t.getEffect());
  }

  private static Map<String, String> labels(Node node) {
    return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
  }
}
