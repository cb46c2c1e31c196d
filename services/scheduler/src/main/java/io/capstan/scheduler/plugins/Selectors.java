package io.capstan.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Label selectors, node selector terms and tolerations, matched as Kubernetes matches them. */
final class Selectors {
  private Selectors() {}

  static Map<String, String> labels(Map<String, String> l) {
    return l == null ? Map.of() : l;
  }

  /** A null selector matches nothing; an empty one matches everything. */
  static boolean matches(LabelSelector s, Map<String, String> labels) {
    if (s == null) return false;
    Map<String, String> l = labels(labels);
    if (s.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : s.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) return false;
      }
    }
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        if (!requirement(r.getOperator(), r.getValues(), l.get(r.getKey()), l.containsKey(r.getKey()))) return false;
      }
    }
    return true;
  }

  private static boolean requirement(String op, List<String> values, String value, boolean present) {
    return switch (op) {
      case "In" -> present && values.contains(value);
      case "NotIn" -> !present || !values.contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt", "Lt" -> present && values.size() == 1 && compare(op, value, values.get(0));
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

  /** Terms are ORed, requirements within a term ANDed; an empty term matches nothing. */
  static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, Node node) {
    for (NodeSelectorTerm t : terms) if (matchesTerm(t, node)) return true;
    return false;
  }

  static boolean matchesTerm(NodeSelectorTerm t, Node node) {
    boolean any = false;
    Map<String, String> l = labels(node.getMetadata().getLabels());
    if (t.getMatchExpressions() != null) {
      for (NodeSelectorRequirement r : t.getMatchExpressions()) {
        any = true;
        if (!requirement(r.getOperator(), r.getValues(), l.get(r.getKey()), l.containsKey(r.getKey()))) return false;
      }
    }
    if (t.getMatchFields() != null) {
      for (NodeSelectorRequirement r : t.getMatchFields()) {
        any = true;
        boolean isName = "metadata.name".equals(r.getKey());
        if (!isName || !requirement(r.getOperator(), r.getValues(), node.getMetadata().getName(), true)) return false;
      }
    }
    return any;
  }

  static boolean tolerates(List<Toleration> tolerations, Taint taint) {
    if (tolerations == null) return false;
    for (Toleration t : tolerations) {
      if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) continue;
      String key = t.getKey() == null ? "" : t.getKey();
      if (!key.isEmpty() && !key.equals(taint.getKey())) continue;
      String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
      if ("Exists".equals(op)) return true;
      if (key.isEmpty()) continue;
      String v = t.getValue() == null ? "" : t.getValue();
      if (v.equals(taint.getValue() == null ? "" : taint.getValue())) return true;
    }
    return false;
  }
}
