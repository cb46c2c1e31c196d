package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** coordination.k8s.io/v1 Lease: positive duration, non-negative transitions. No status. */
public final class LeaseStrategy implements ResourceStrategy {

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    JsonNode duration = spec.get("leaseDurationSeconds");
    if (duration != null && duration.isNumber() && duration.asLong() <= 0) {
      errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration.asLong(), "must be greater than 0"));
    }
    WorkloadValidation.nonNegative(spec, "leaseTransitions", "spec.leaseTransitions", errs);
    String strategy = spec.path("strategy").asString("");
    if (!strategy.isEmpty() && !strategy.equals("OldestEmulationVersion")) {
      errs.add(FieldError.notSupported("spec.strategy", strategy, List.of("OldestEmulationVersion")));
    }
    return errs;
  }
}
