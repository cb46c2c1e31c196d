package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** metav1.LabelSelector matching: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** A null selector matches nothing; an empty one matches everything (as for workload selectors). */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) return false;
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) return false;
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, l)) return false;
      }
    }
    return true;
  }

  public static boolean isEmpty(LabelSelector s) {
    return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
        && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> l) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String v = l.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> v != null && values.contains(v);
      case "NotIn" -> v == null || !values.contains(v);
      case "Exists" -> l.containsKey(r.getKey());
      case "DoesNotExist" -> !l.containsKey(r.getKey());
      default -> false;
    };
  }
}
