package io.capstan.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A label selector turned once into checks over a label map, so counting thousands of pods per
 * scheduling cycle does not walk the fabric8 selector (and its value lists) per pod. Same meaning
 * as {@link Selectors#matches}: null matches nothing, empty matches everything. Immutable, so
 * parallel workers may share one.
 */
final class CompiledSelector {
  private static final CompiledSelector NOTHING = new CompiledSelector(false, List.of());

  private final boolean matchesAnything;
  private final List<Predicate<Map<String, String>>> checks;

  private CompiledSelector(boolean matchesAnything, List<Predicate<Map<String, String>>> checks) {
    this.matchesAnything = matchesAnything;
    this.checks = checks;
  }

  static CompiledSelector of(LabelSelector s) {
    if (s == null) return NOTHING;
    List<Predicate<Map<String, String>>> checks = new ArrayList<>();
    if (s.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : s.getMatchLabels().entrySet()) {
        String key = e.getKey();
        String value = e.getValue();
        checks.add(l -> value.equals(l.get(key)));
      }
    }
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) checks.add(requirement(r));
    }
    return new CompiledSelector(true, List.copyOf(checks));
  }

  private static Predicate<Map<String, String>> requirement(LabelSelectorRequirement r) {
    String key = r.getKey();
    List<String> list = r.getValues() == null ? List.of() : r.getValues();
    Set<String> values = new HashSet<>(list);
    return switch (r.getOperator() == null ? "" : r.getOperator()) {
      case "In" -> l -> values.contains(l.get(key)) && l.containsKey(key);
      case "NotIn" -> l -> !l.containsKey(key) || !values.contains(l.get(key));
      case "Exists" -> l -> l.containsKey(key);
      case "DoesNotExist" -> l -> !l.containsKey(key);
      case "Gt", "Lt" -> {
        LabelSelector single = selectorOf(r);
        yield l -> Selectors.matches(single, l);
      }
      default -> l -> false;
    };
  }

  /** Gt/Lt are rare in pod selectors; keeping their numeric parsing in one place matters more than speed. */
  private static LabelSelector selectorOf(LabelSelectorRequirement r) {
    LabelSelector s = new LabelSelector();
    s.setMatchExpressions(List.of(r));
    return s;
  }

  boolean matches(Map<String, String> labels) {
    if (!matchesAnything) return false;
    Map<String, String> l = Selectors.labels(labels);
    for (Predicate<Map<String, String>> c : checks) if (!c.test(l)) return false;
    return true;
  }
}
