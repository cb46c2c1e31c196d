package io.capstan.apiserver.eviction;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.capstan.model.selector.LabelSelector;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The budget rules of an eviction (Kubernetes' {@code checkAndDecrement} in the eviction REST
 * handler): a budget whose status the disruption controller has not caught up with, or that
 * allows no disruption, refuses with 429 so clients such as {@code kubectl drain} retry; otherwise
 * one allowed disruption is spent and the pod is recorded in {@code status.disruptedPods}, so
 * that the controller does not count it as healthy while its deletion is under way.
 */
final class DisruptionBudgetCheck {
  private DisruptionBudgetCheck() {}

  static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
  /** Kubernetes' bound on evictions the controller has not confirmed yet. */
  static final int MAX_DISRUPTED_PODS = 2000;

  /** Does the budget select the pod? policy/v1: a missing selector selects nothing, {@code {}} everything. */
  static boolean selects(JsonNode pdb, JsonNode pod) {
    try {
      return LabelSelector.fromJson(Json.at(pdb, "spec.selector")).matches(Json.at(pod, "metadata.labels"));
    } catch (RuntimeException e) {
      // Validation keeps bad selectors out; one stored by an older server selects nothing, as upstream.
      return false;
    }
  }

  /** Phases and states in which an eviction is a plain delete (upstream's {@code canIgnorePDB}). */
  static boolean budgetIrrelevant(JsonNode pod) {
    String phase = Json.text(pod, "status.phase");
    return "Succeeded".equals(phase) || "Failed".equals(phase) || "Pending".equals(phase)
        || Json.at(pod, "metadata.deletionTimestamp") != null;
  }

  /**
   * An unready pod costs the budget nothing when the policy is AlwaysAllow, or (IfHealthyBudget,
   * the default) when the budget is currently met: evicting it cannot lower the healthy count.
   */
  static boolean unhealthyPodMayGo(JsonNode pdb, JsonNode pod) {
    if (ready(pod)) return false;
    String policy = Json.text(pdb, "spec.unhealthyPodEvictionPolicy");
    if ("AlwaysAllow".equals(policy)) return true;
    long desired = Json.at(pdb, "status.desiredHealthy") == null ? 0 : Json.at(pdb, "status.desiredHealthy").asLong();
    long current = Json.at(pdb, "status.currentHealthy") == null ? 0 : Json.at(pdb, "status.currentHealthy").asLong();
    return desired > 0 && current >= desired;
  }

  static boolean ready(JsonNode pod) {
    JsonNode conditions = Json.at(pod, "status.conditions");
    if (conditions == null || !conditions.isArray()) return false;
    for (JsonNode c : conditions) {
      if ("Ready".equals(c.path("type").asString(""))) return "True".equals(c.path("status").asString(""));
    }
    return false;
  }

  /**
   * Spends one disruption of {@code pdb} on {@code podName}, or throws the refusal.
   *
   * @return the budget with its new status (the same object, changed)
   */
  static ObjectNode spend(ObjectNode pdb, String podName, Instant now) {
    String name = Json.text(pdb, "metadata.name");
    ObjectNode status = Json.objectAt(pdb, "status");
    long generation = Json.at(pdb, "metadata.generation") == null ? 0 : Json.at(pdb, "metadata.generation").asLong();
    if (status.path("observedGeneration").asLong(0) < generation) {
      throw refused("The disruption budget " + name + " is still being processed by the server.");
    }
    long allowed = status.path("disruptionsAllowed").asLong(0);
    if (allowed < 0) throw ApiException.forbidden("pdb disruptions allowed is negative");
    JsonNode disrupted = status.get("disruptedPods");
    if (disrupted != null && disrupted.size() > MAX_DISRUPTED_PODS) {
      throw ApiException.forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller");
    }
    if (allowed == 0) {
      throw refused("The disruption budget " + name + " needs " + status.path("desiredHealthy").asLong(0)
          + " healthy pods and has " + status.path("currentHealthy").asLong(0) + " currently");
    }
    status.put("disruptionsAllowed", allowed - 1);
    Json.objectAt(status, "disruptedPods").put(podName, now.truncatedTo(ChronoUnit.SECONDS).toString());
    if (allowed - 1 == 0) markInsufficient(status, now);
    return pdb;
  }

  private static void markInsufficient(ObjectNode status, Instant now) {
    ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
        ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
    ObjectNode c = null;
    for (JsonNode existing : conditions) {
      if ("DisruptionAllowed".equals(existing.path("type").asString(""))) c = (ObjectNode) existing;
    }
    if (c == null) {
      c = conditions.addObject();
      c.put("type", "DisruptionAllowed");
    }
    if (!"False".equals(c.path("status").asString(""))) {
      c.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    c.put("status", "False");
    c.put("reason", "InsufficientPods");
    c.put("message", "");
    c.put("observedGeneration", status.path("observedGeneration").asLong(0));
  }

  /** 429 TooManyRequests with the budget's reason as a {@code DisruptionBudget} cause, as kubectl drain expects. */
  static ApiException refused(String why) {
    return new ApiException(429, "TooManyRequests", REFUSED, null, null, null,
        List.of(new ApiException.Cause("DisruptionBudget", why, null)), null);
  }
}
