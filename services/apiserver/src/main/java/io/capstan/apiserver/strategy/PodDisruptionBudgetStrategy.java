package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * policy/v1 PodDisruptionBudget (Kubernetes' {@code ValidatePodDisruptionBudget} and its status
 * update rules): minAvailable or maxUnavailable, never both, each a non-negative integer or a
 * percentage up to 100%; a valid label selector; a known unhealthyPodEvictionPolicy. The spec may
 * change after creation (it has been mutable since Kubernetes 1.15).
 */
public final class PodDisruptionBudgetStrategy implements ResourceStrategy {
  static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");
  private static final List<String> STATUS_COUNTS =
      List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods");

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    JsonNode min = present(spec.get("minAvailable"));
    JsonNode max = present(spec.get("maxUnavailable"));
    if (min != null && max != null) {
      errs.add(FieldError.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
    }
    WorkloadValidation.positiveIntOrPercent(min, "spec.minAvailable", errs);
    WorkloadValidation.notMoreThan100Percent(min, "spec.minAvailable", errs);
    WorkloadValidation.positiveIntOrPercent(max, "spec.maxUnavailable", errs);
    WorkloadValidation.notMoreThan100Percent(max, "spec.maxUnavailable", errs);
    errs.addAll(WorkloadValidation.validateLabelSelector(spec.get("selector"), "spec.selector"));
    JsonNode policy = present(spec.get("unhealthyPodEvictionPolicy"));
    if (policy != null && !EVICTION_POLICIES.contains(policy.asString(""))) {
      errs.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", policy.asString(""), EVICTION_POLICIES));
    }
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    JsonNode status = obj.path("status");
    for (String field : STATUS_COUNTS) WorkloadValidation.nonNegative(status, field, "status." + field, errs);
    return errs;
  }

  private static JsonNode present(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }
}
