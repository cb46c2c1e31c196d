package io.capstan.controllermanager.disruption;

import io.capstan.controllermanager.framework.PodStates;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A budget's status from its pods (Kubernetes' disruption controller {@code trySync}): how many
 * pods should exist, how many must stay healthy, how many are healthy now, and so how many may be
 * disrupted. Pods an eviction recorded in {@code disruptedPods} count as gone for
 * {@link #DELETION_TIMEOUT}, since their deletion may not have reached the cache yet.
 */
final class BudgetStatus {
  private BudgetStatus() {}

  static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
  static final String CONDITION = "DisruptionAllowed";

  /** The status to write, when to look again (a disrupted pod's entry expires; null: never) and the unmanaged pods. */
  record Computed(PodDisruptionBudgetStatus status, Instant recheckAt, List<String> unmanaged) {}

  static Computed compute(PodDisruptionBudget pdb, List<Pod> pods, ExpectedScale scale, Instant now)
      throws ExpectedScale.UnknownController {
    Map<String, String> recorded = pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null
        ? Map.of() : pdb.getStatus().getDisruptedPods();
    Map<String, String> disrupted = new LinkedHashMap<>();
    Instant recheck = null;
    for (Pod p : pods) {
      String at = recorded.get(p.getMetadata().getName());
      if (at == null || p.getMetadata().getDeletionTimestamp() != null) continue;
      Instant expires = Instant.parse(at).plus(DELETION_TIMEOUT);
      if (!expires.isAfter(now)) continue; // the eviction's delete never came: count the pod again
      disrupted.put(p.getMetadata().getName(), at);
      recheck = recheck == null || expires.isBefore(recheck) ? expires : recheck;
    }
    PodDisruptionBudgetSpec spec = pdb.getSpec();
    int expected;
    int desired;
    List<String> unmanaged = List.of();
    if (spec.getMaxUnavailable() != null) {
      ExpectedScale.Count count = scale.of(pods);
      expected = count.expected();
      unmanaged = count.unmanaged();
      desired = Math.max(0, expected - scaled(spec.getMaxUnavailable(), expected));
    } else if (spec.getMinAvailable() != null && spec.getMinAvailable().getIntVal() != null) {
      desired = spec.getMinAvailable().getIntVal();
      expected = pods.size();
    } else if (spec.getMinAvailable() != null) {
      ExpectedScale.Count count = scale.of(pods);
      expected = count.expected();
      unmanaged = count.unmanaged();
      desired = scaled(spec.getMinAvailable(), expected);
    } else {
      expected = 0;
      desired = 0;
    }
    int healthy = 0;
    for (Pod p : pods) {
      if (p.getMetadata().getDeletionTimestamp() != null || disrupted.containsKey(p.getMetadata().getName())) continue;
      if (PodStates.isReady(p)) healthy++;
    }
    // A budget that expects no pod allows nothing, so pods that appear before the next sync are protected.
    int allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
    PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatus();
    status.setObservedGeneration(pdb.getMetadata().getGeneration());
    status.setDisruptedPods(disrupted);
    status.setCurrentHealthy(healthy);
    status.setDesiredHealthy(desired);
    status.setExpectedPods(expected);
    status.setDisruptionsAllowed(allowed);
    status.setConditions(withCondition(pdb.getStatus(), allowed > 0 ? "True" : "False",
        allowed > 0 ? "SufficientPods" : "InsufficientPods", "", status.getObservedGeneration(), now));
    return new Computed(status, recheck, unmanaged);
  }

  /** The status when the count failed: no disruption allowed until it works again (upstream's failSafe). */
  static PodDisruptionBudgetStatus failSafe(PodDisruptionBudget pdb, String why, Instant now) {
    PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatus(withCondition(old, "False", "SyncFailed", why,
        old.getObservedGeneration(), now), old.getCurrentHealthy(), old.getDesiredHealthy(), old.getDisruptedPods(),
        0, old.getExpectedPods(), old.getObservedGeneration());
    return status;
  }

  /** Upstream's {@code GetScaledValueFromIntOrPercent} rounding up. */
  static int scaled(IntOrString v, int total) {
    if (v.getIntVal() != null) return v.getIntVal();
    String s = v.getStrVal();
    int percent = Integer.parseInt(s.substring(0, s.length() - 1));
    return (int) Math.ceil(percent * (double) total / 100.0);
  }

  /** The DisruptionAllowed condition set, its transition time kept unless its status changes. */
  private static List<Condition> withCondition(PodDisruptionBudgetStatus old, String status, String reason,
      String message, Long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    Condition previous = null;
    if (old != null && old.getConditions() != null) {
      for (Condition c : old.getConditions()) {
        if (CONDITION.equals(c.getType())) previous = c;
        else out.add(c);
      }
    }
    String since = previous != null && status.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
        ? previous.getLastTransitionTime() : now.truncatedTo(ChronoUnit.SECONDS).toString();
    out.add(new Condition(since, message, generation, reason, status, CONDITION));
    return out;
  }

  /** Same counts, same disrupted pods and same condition (transition times aside): nothing to write. */
  static boolean same(PodDisruptionBudgetStatus a, PodDisruptionBudgetStatus b) {
    if (a == null || b == null) return a == b;
    return Objects.equals(a.getCurrentHealthy(), b.getCurrentHealthy())
        && Objects.equals(a.getDesiredHealthy(), b.getDesiredHealthy())
        && Objects.equals(a.getExpectedPods(), b.getExpectedPods())
        && Objects.equals(a.getDisruptionsAllowed(), b.getDisruptionsAllowed())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(orEmpty(a.getDisruptedPods()), orEmpty(b.getDisruptedPods()))
        && Objects.equals(conditionKey(a), conditionKey(b));
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  private static List<String> conditionKey(PodDisruptionBudgetStatus s) {
    List<String> out = new ArrayList<>();
    if (s.getConditions() != null) {
      for (Condition c : s.getConditions()) {
        out.add(c.getType() + "|" + c.getStatus() + "|" + c.getReason() + "|" + c.getMessage());
      }
    }
    return out;
  }
}
