package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which preemption victims would break a PodDisruptionBudget (Kubernetes'
 * {@code filterPodsWithPDBViolation}): victims are charged, in the order given, against a copy of
 * each matching budget's {@code disruptionsAllowed}; a victim that drives a budget below zero
 * violates it. Pods the eviction API already recorded in {@code disruptedPods} are not charged
 * again. As upstream's scheduler does, a budget with an empty selector matches no pod here.
 */
final class DisruptionBudgets {
  private DisruptionBudgets() {}

  /** Victims split into those whose removal violates a budget and those whose removal does not. */
  record Split(List<PodInfo> violating, List<PodInfo> nonViolating) {}

  static Split split(List<PodInfo> victims, List<PodDisruptionBudget> budgets) {
    int[] allowed = new int[budgets.size()];
    for (int i = 0; i < budgets.size(); i++) {
      PodDisruptionBudget b = budgets.get(i);
      allowed[i] = b.getStatus() == null || b.getStatus().getDisruptionsAllowed() == null
          ? 0 : b.getStatus().getDisruptionsAllowed();
    }
    List<PodInfo> violating = new ArrayList<>();
    List<PodInfo> nonViolating = new ArrayList<>();
    for (PodInfo v : victims) {
      boolean violates = false;
      Map<String, String> labels = v.pod().getMetadata().getLabels();
      if (labels != null && !labels.isEmpty()) {
        for (int i = 0; i < budgets.size(); i++) {
          if (!covers(budgets.get(i), v)) continue;
          allowed[i]--;
          if (allowed[i] < 0) violates = true;
        }
      }
      (violates ? violating : nonViolating).add(v);
    }
    return new Split(violating, nonViolating);
  }

  private static boolean covers(PodDisruptionBudget b, PodInfo v) {
    if (!b.getMetadata().getNamespace().equals(v.pod().getMetadata().getNamespace())) return false;
    LabelSelector s = b.getSpec() == null ? null : b.getSpec().getSelector();
    boolean empty = s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
        && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    if (empty || !Selectors.matches(s, v.pod().getMetadata().getLabels())) return false;
    Map<String, String> disrupted = b.getStatus() == null ? null : b.getStatus().getDisruptedPods();
    return disrupted == null || !disrupted.containsKey(v.pod().getMetadata().getName());
  }
}
